package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.Errors.fields;
import static dev.chezhu.identity.grpc.Errors.refused;
import static dev.chezhu.identity.grpc.Fixtures.asHeadUnit;
import static dev.chezhu.identity.grpc.Fixtures.asPartner;
import static dev.chezhu.identity.grpc.Fixtures.asService;
import static dev.chezhu.identity.grpc.Fixtures.observation;
import static dev.chezhu.identity.grpc.Fixtures.phone;
import static dev.chezhu.identity.grpc.Fixtures.uniquePhone;
import static dev.chezhu.identity.grpc.Fixtures.uniqueVin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.chezhu.identity.v1.CheckConsentRequest;
import dev.chezhu.identity.v1.CheckConsentResponse;
import dev.chezhu.identity.v1.ConsentChannel;
import dev.chezhu.identity.v1.ConsentChanged;
import dev.chezhu.identity.v1.ConsentDecisionReason;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.ConsentState;
import dev.chezhu.identity.v1.ConsentStatus;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.ListConsentsRequest;
import dev.chezhu.identity.v1.ListConsentsResponse;
import dev.chezhu.identity.v1.RecordConsentRequest;
import dev.chezhu.identity.v1.RecordConsentResponse;
import dev.chezhu.identity.v1.VehicleRelationship;
import dev.chezhu.identity.v1.VehicleRole;
import dev.chezhu.platform.testing.TestCallers;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** Purpose-bound consent: defaults, channels, expiry, history, vehicles, cache invalidation, events. */
@QuarkusTest
class ConsentTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    DataSource db;

    @Inject
    RedisDataSource redis;

    private String newPerson() {
        return asPartner(identity).identifyPerson(observation("app", phone(uniquePhone())).build()).getPerson().getPersonId();
    }

    private static RecordConsentRequest.Builder consent(String personId, ConsentPurpose purpose, ConsentState state) {
        return RecordConsentRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setPerson("persons/" + personId)
                .setPurpose(purpose).setState(state).setSource("app");
    }

    private RecordConsentResponse record(RecordConsentRequest.Builder request) {
        return asPartner(identity).recordConsent(request.build());
    }

    private CheckConsentResponse check(String personId, ConsentPurpose purpose, ConsentChannel channel) {
        return asService(identity).checkConsent(CheckConsentRequest.newBuilder().setPerson("persons/" + personId)
                .setPurpose(purpose).setChannel(channel).build());
    }

    private CheckConsentResponse checkVehicle(IdentityServiceBlockingStub stub, String vin, ConsentPurpose purpose) {
        return stub.checkConsent(CheckConsentRequest.newBuilder().setVehicle("vehicles/" + vin).setPurpose(purpose).build());
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    @Test
    void noRecordMeansNotGrantedForEveryPurpose() {
        String person = newPerson();
        for (ConsentPurpose purpose : List.of(ConsentPurpose.CONSENT_PURPOSE_MARKETING,
                ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION, ConsentPurpose.CONSENT_PURPOSE_PERSONALISATION,
                ConsentPurpose.CONSENT_PURPOSE_THIRD_PARTY_SHARING)) {
            CheckConsentResponse answer = check(person, purpose, ConsentChannel.CONSENT_CHANNEL_UNSPECIFIED);
            assertFalse(answer.getGranted(), purpose.name());
            assertEquals(ConsentDecisionReason.CONSENT_DECISION_REASON_NO_RECORD, answer.getReason());
        }
    }

    @Test
    void aChannelRecordWinsOverAllChannelsUntilALaterAllChannelsRefusal() {
        String person = newPerson();
        Instant now = Instant.now();
        record(consent(person, ConsentPurpose.CONSENT_PURPOSE_MARKETING, ConsentState.CONSENT_STATE_GRANTED)
                .setRecordTime(ts(now.minusSeconds(300))));
        CheckConsentResponse sms = check(person, ConsentPurpose.CONSENT_PURPOSE_MARKETING, ConsentChannel.CONSENT_CHANNEL_SMS);
        assertTrue(sms.getGranted());
        assertEquals(ConsentChannel.CONSENT_CHANNEL_UNSPECIFIED, sms.getDecidedChannel());

        record(consent(person, ConsentPurpose.CONSENT_PURPOSE_MARKETING, ConsentState.CONSENT_STATE_DENIED)
                .setChannel(ConsentChannel.CONSENT_CHANNEL_SMS).setRecordTime(ts(now.minusSeconds(200))));
        sms = check(person, ConsentPurpose.CONSENT_PURPOSE_MARKETING, ConsentChannel.CONSENT_CHANNEL_SMS);
        assertFalse(sms.getGranted(), "the cached grant was evicted by the new record");
        assertEquals(ConsentDecisionReason.CONSENT_DECISION_REASON_DENIED, sms.getReason());
        assertEquals(ConsentChannel.CONSENT_CHANNEL_SMS, sms.getDecidedChannel());
        assertTrue(check(person, ConsentPurpose.CONSENT_PURPOSE_MARKETING, ConsentChannel.CONSENT_CHANNEL_EMAIL).getGranted());

        record(consent(person, ConsentPurpose.CONSENT_PURPOSE_MARKETING, ConsentState.CONSENT_STATE_REVOKED)
                .setRecordTime(ts(now.minusSeconds(100))));
        CheckConsentResponse email = check(person, ConsentPurpose.CONSENT_PURPOSE_MARKETING,
                ConsentChannel.CONSENT_CHANNEL_EMAIL);
        assertEquals(ConsentDecisionReason.CONSENT_DECISION_REASON_REVOKED, email.getReason());
        assertEquals(ConsentDecisionReason.CONSENT_DECISION_REASON_REVOKED, check(person,
                ConsentPurpose.CONSENT_PURPOSE_MARKETING, ConsentChannel.CONSENT_CHANNEL_SMS).getReason(),
                "stop all marketing stops every channel");

        List<ConsentChanged> events = Fixtures.events(db, person, "ConsentChanged", ConsentChanged.parser());
        assertEquals(3, events.size());
        assertEquals(ConsentState.CONSENT_STATE_GRANTED, events.get(2).getPreviousState());
        assertEquals(ConsentState.CONSENT_STATE_REVOKED, events.get(2).getState());
    }

    @Test
    void anExpiredGrantIsNotAGrant() {
        String person = newPerson();
        Instant now = Instant.now();
        record(consent(person, ConsentPurpose.CONSENT_PURPOSE_PERSONALISATION, ConsentState.CONSENT_STATE_GRANTED)
                .setRecordTime(ts(now.minusSeconds(7200))).setExpireTime(ts(now.minusSeconds(3600))));
        CheckConsentResponse answer = check(person, ConsentPurpose.CONSENT_PURPOSE_PERSONALISATION,
                ConsentChannel.CONSENT_CHANNEL_UNSPECIFIED);
        assertFalse(answer.getGranted());
        assertEquals(ConsentDecisionReason.CONSENT_DECISION_REASON_EXPIRED, answer.getReason());
        assertEquals(now.minusSeconds(3600).getEpochSecond(), answer.getExpireTime().getSeconds());
    }

    @Test
    void aResendIsReplayedAndTheHistoryIsAppendOnly() {
        String person = newPerson();
        RecordConsentRequest request = consent(person, ConsentPurpose.CONSENT_PURPOSE_THIRD_PARTY_SHARING,
                ConsentState.CONSENT_STATE_GRANTED).build();
        assertFalse(asPartner(identity).recordConsent(request).getReplayed());
        assertTrue(asPartner(identity).recordConsent(request).getReplayed());
        assertEquals(1, Fixtures.count(db, "select count(*) from consent_record where person_id = ?", person));
        SQLException refused = assertThrows(SQLException.class, () -> {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("update consent_record set state = 'DENIED' where person_id = '" + person + "'");
            }
        });
        assertTrue(refused.getMessage().contains("append-only"));
    }

    @Test
    void listingShowsTheCurrentConsentPerPurposeAndPagesTheHistory() {
        String person = newPerson();
        Instant now = Instant.now();
        for (int i = 0; i < 5; i++) {
            record(consent(person, ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION,
                    i % 2 == 0 ? ConsentState.CONSENT_STATE_GRANTED : ConsentState.CONSENT_STATE_REVOKED)
                    .setRecordTime(ts(now.minusSeconds(100 - i))));
        }
        record(consent(person, ConsentPurpose.CONSENT_PURPOSE_MARKETING, ConsentState.CONSENT_STATE_GRANTED)
                .setChannel(ConsentChannel.CONSENT_CHANNEL_WECHAT).setRecordTime(ts(now.minusSeconds(50))));
        ListConsentsResponse first = asPartner(identity).listConsents(ListConsentsRequest.newBuilder()
                .setPerson("persons/" + person).setPageSize(4).build());
        assertEquals(4, first.getHistoryCount());
        assertFalse(first.getNextPageToken().isEmpty());
        ListConsentsResponse second = asPartner(identity).listConsents(ListConsentsRequest.newBuilder()
                .setPerson("persons/" + person).setPageSize(4).setPageToken(first.getNextPageToken()).build());
        assertEquals(2, second.getHistoryCount());
        assertTrue(second.getNextPageToken().isEmpty());
        ConsentStatus telemetry = first.getCurrentList().stream()
                .filter(s -> s.getPurpose() == ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION).findFirst().orElseThrow();
        assertTrue(telemetry.getGranted(), "the latest of five records decides");
        assertTrue(first.getCurrentList().stream().anyMatch(s -> s.getChannel() == ConsentChannel.CONSENT_CHANNEL_WECHAT
                && s.getGranted()));
        assertEquals(5, first.getCurrentCount(), "four purposes and one channel");
    }

    @Test
    void aVehicleIsCheckedThroughItsOwnersAndAnOwnersRefusalWins() {
        String vin = uniqueVin();
        assertEquals(ConsentDecisionReason.CONSENT_DECISION_REASON_NO_OWNER,
                checkVehicle(asService(identity), vin, ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION).getReason());

        String owner = asPartner(identity).identifyPerson(observation("dealer_crm:D001", phone(uniquePhone()))
                .addVehicles(VehicleRelationship.newBuilder().setVin(vin).setRole(VehicleRole.VEHICLE_ROLE_OWNER))
                .build()).getPerson().getPersonId();
        record(consent(owner, ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION, ConsentState.CONSENT_STATE_GRANTED));
        CheckConsentResponse granted = checkVehicle(asService(identity), vin, ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION);
        assertTrue(granted.getGranted(), "the new owner link evicted the cached 'no owner'");
        assertEquals("persons/" + owner, granted.getPerson());

        String driver = asPartner(identity).identifyPerson(observation("app", phone(uniquePhone()))
                .addVehicles(VehicleRelationship.newBuilder().setVin(vin).setRole(VehicleRole.VEHICLE_ROLE_DRIVER))
                .build()).getPerson().getPersonId();
        record(consent(driver, ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION, ConsentState.CONSENT_STATE_DENIED));
        assertTrue(checkVehicle(asService(identity), vin, ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION).getGranted(),
                "a driver does not decide for the owner");

        String coOwner = asPartner(identity).identifyPerson(observation("dealer_crm:D001", phone(uniquePhone()))
                .addVehicles(VehicleRelationship.newBuilder().setVin(vin).setRole(VehicleRole.VEHICLE_ROLE_OWNER))
                .build()).getPerson().getPersonId();
        record(consent(coOwner, ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION, ConsentState.CONSENT_STATE_DENIED));
        CheckConsentResponse refusedByCoOwner = checkVehicle(asService(identity), vin,
                ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION);
        assertFalse(refusedByCoOwner.getGranted());
        assertEquals(ConsentDecisionReason.CONSENT_DECISION_REASON_DENIED, refusedByCoOwner.getReason());
        assertEquals("persons/" + coOwner, refusedByCoOwner.getPerson());
    }

    @Test
    void aHeadUnitChecksItsOwnVehicleOnly() {
        checkVehicle(asHeadUnit(identity), TestCallers.HEAD_UNIT_VIN, ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION);
        refused(Status.Code.PERMISSION_DENIED, "VEHICLE_NOT_ALLOWED", () -> checkVehicle(asHeadUnit(identity),
                TestCallers.OTHER_HEAD_UNIT_VIN, ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION));
        refused(Status.Code.PERMISSION_DENIED, "HEAD_UNIT_VEHICLE_ONLY", () -> asHeadUnit(identity).checkConsent(
                CheckConsentRequest.newBuilder().setPerson("persons/anyone")
                        .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING).build()));
        refused(Status.Code.PERMISSION_DENIED, null, () -> asHeadUnit(identity).recordConsent(
                consent("anyone", ConsentPurpose.CONSENT_PURPOSE_MARKETING, ConsentState.CONSENT_STATE_GRANTED).build()));
    }

    @Test
    void badConsentsAreRefusedWithFieldViolations() {
        String person = newPerson();
        Instant now = Instant.now();
        var refused = refused(Status.Code.INVALID_ARGUMENT, "INVALID_CONSENT", () -> record(
                RecordConsentRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setPerson("persons/" + person)
                        .setPurpose(ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION)
                        .setChannel(ConsentChannel.CONSENT_CHANNEL_SMS).setState(ConsentState.CONSENT_STATE_DENIED)
                        .setSource("fax").setRecordTime(ts(now.plusSeconds(3600))).setExpireTime(ts(now.plusSeconds(7200)))));
        assertEquals(List.of("source", "channel", "record_time", "expire_time"), fields(refused));
        refused(Status.Code.INVALID_ARGUMENT, "INVALID_CONSENT", () -> record(RecordConsentRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setPerson("persons/" + person).setSource("app")));
        refused(Status.Code.INVALID_ARGUMENT, null, () -> check(person, ConsentPurpose.CONSENT_PURPOSE_UNSPECIFIED,
                ConsentChannel.CONSENT_CHANNEL_UNSPECIFIED));
        refused(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> check("nobody", ConsentPurpose.CONSENT_PURPOSE_MARKETING,
                ConsentChannel.CONSENT_CHANNEL_UNSPECIFIED));
        assertEquals(0, Fixtures.count(db, "select count(*) from consent_record where person_id = ?", person));
    }

    @Test
    void theConsentCacheIsKeyedByPersonIdOnly() {
        String person = newPerson();
        check(person, ConsentPurpose.CONSENT_PURPOSE_MARKETING, ConsentChannel.CONSENT_CHANNEL_UNSPECIFIED);
        var keys = redis.key().keys("identity:consent:v1:*");
        assertTrue(keys.contains("identity:consent:v1:{" + person + "}"));
        assertTrue(keys.stream().allMatch(k -> k.matches("identity:consent:v1:\\{[0-9a-f-]+}(:gen)?")));
    }
}
