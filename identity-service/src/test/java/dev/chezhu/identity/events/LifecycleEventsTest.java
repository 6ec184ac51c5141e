package dev.chezhu.identity.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import dev.chezhu.identity.v1.ContactChannel;
import dev.chezhu.identity.v1.CreateLeadRequest;
import dev.chezhu.identity.v1.ErasePersonRequest;
import dev.chezhu.identity.v1.ExportPersonRequest;
import dev.chezhu.identity.v1.GetLeadRequest;
import dev.chezhu.identity.v1.GetLifecycleRequest;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.IdentityExport;
import dev.chezhu.identity.v1.Identifier;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.Lead;
import dev.chezhu.identity.v1.LeadState;
import dev.chezhu.identity.v1.Lifecycle;
import dev.chezhu.identity.v1.LifecycleChanged;
import dev.chezhu.identity.v1.LifecycleReason;
import dev.chezhu.identity.v1.LifecycleStage;
import dev.chezhu.identity.v1.VehicleRelationship;
import dev.chezhu.identity.v1.VehicleRole;
import dev.chezhu.loyalty.v1.CouponRedeemed;
import dev.chezhu.loyalty.v1.LeadActivated;
import dev.chezhu.loyalty.v1.TierChanged;
import dev.chezhu.platform.events.Envelope;
import dev.chezhu.platform.events.EventConsumers;
import dev.chezhu.platform.events.EventHandler;
import dev.chezhu.platform.events.Topics;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.telematics.v1.ServiceRecord;
import dev.chezhu.telematics.v1.ServiceVisitInput;
import dev.chezhu.telematics.v1.ServiceVisitRecorded;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Other services' events move the lifecycle: telematics' ServiceVisitRecorded, loyalty's
 * CouponRedeemed, LeadActivated and TierChanged. Handlers are fed envelopes directly, in a transaction
 * as the consumer runs them (each delivered twice under different event IDs: one effect), and once
 * through the real stream, consumer group and inbox.
 */
@QuarkusTest
class LifecycleEventsTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    TelematicsEventHandler telematics;

    @Inject
    LoyaltyEventHandler loyalty;

    @Inject
    EventConsumers consumers;

    @Inject
    RedisDataSource redis;

    @Inject
    DataSource db;

    private IdentityServiceBlockingStub partner() {
        return identity.withCallCredentials(TestCallers.partner());
    }

    private IdentityServiceBlockingStub admin() {
        return identity.withCallCredentials(TestCallers.platformAdmin());
    }

    private static String uniquePhone() {
        while (true) {
            String digits = String.format("%08d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L));
            if (digits.chars().distinct().count() > 1) {
                return "137" + digits;
            }
        }
    }

    private static String uniqueVin() {
        String alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
        StringBuilder vin = new StringBuilder("LEVNT");
        java.util.Random random = new java.util.Random(UUID.randomUUID().getMostSignificantBits());
        while (vin.length() < 17) {
            vin.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return vin.toString();
    }

    /** A new person (a lead), linked to the vehicle in the role when one is given. */
    private String person(String vin, VehicleRole role) {
        IdentifyPersonRequest.Builder request = IdentifyPersonRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setSource("app")
                .addIdentifiers(Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_PHONE).setValue(uniquePhone()));
        if (vin != null) {
            request.addVehicles(VehicleRelationship.newBuilder().setVin(vin).setRole(role));
        }
        return partner().identifyPerson(request.build()).getPerson().getPersonId();
    }

    private Lifecycle lifecycle(String person) {
        return partner().getLifecycle(GetLifecycleRequest.newBuilder().setName("persons/" + person + "/lifecycle").build());
    }

    private static List<String> codes(Lifecycle lifecycle) {
        return lifecycle.getReasonsList().stream().map(LifecycleReason::getCode).toList();
    }

    private List<String> dealers(String person) {
        return partner().getPerson(GetPersonRequest.newBuilder().setName("persons/" + person).build()).getDealerIdsList();
    }

    private static Envelope envelope(Message payload, String source, String subject) {
        return new Envelope(UUID.randomUUID(), Envelope.typeOf(payload), source, subject, Instant.now(), null,
                payload.toByteString());
    }

    /** Runs a handler as the consumer does: in one transaction. */
    private static void deliver(EventHandler handler, Envelope event) throws Throwable {
        assertTrue(handler.handles(event.type()));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> handler.handle(event)));
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static ServiceVisitRecorded visit(String vin, String dealer, long position) {
        return ServiceVisitRecorded.newBuilder().setRecord(ServiceRecord.newBuilder()
                .setName("vehicles/" + vin + "/serviceRecords/" + position).setVin(vin).setPosition(position)
                .setDealerId(dealer).setVisit(ServiceVisitInput.newBuilder()
                        .setVisitDate(LocalDate.now(ZoneOffset.UTC).minusDays(2).toString()).setOdometerKm(12_000)))
                .setEventTime(timestamp(Instant.now())).build();
    }

    private static TierChanged tier(String person, String tier, Instant at) {
        return TierChanged.newBuilder().setPersonId(person).setTier(tier).setChangeTime(timestamp(at)).build();
    }

    private List<LifecycleChanged> lifecycleEvents(String person) {
        List<LifecycleChanged> events = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("select payload from outbox_event "
                + "where topic = 'identity' and subject = ? and type = 'chezhu.identity.v1.LifecycleChanged' order by id")) {
            s.setString(1, "persons/" + person);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(LifecycleChanged.parseFrom(rs.getBytes(1)));
                }
            }
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
        return events;
    }

    private long count(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aServiceVisitMakesTheLeadWhoDrivesTheCarAnOwnerOnceAndRelatesThemToTheDealer() throws Throwable {
        String vin = uniqueVin();
        String driver = person(vin, VehicleRole.VEHICLE_ROLE_DRIVER);
        String household = person(vin, VehicleRole.VEHICLE_ROLE_HOUSEHOLD);
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_LEAD, lifecycle(driver).getStage());

        ServiceVisitRecorded visit = visit(vin, "D007", 1);
        deliver(telematics, envelope(visit, "telematics-service", vin));
        deliver(telematics, envelope(visit, "telematics-service", vin)); // redelivered under another event ID

        Lifecycle owner = lifecycle(driver);
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_OWNER, owner.getStage());
        assertTrue(codes(owner).contains("SERVICE_VISIT_RECORDED"), codes(owner).toString());
        assertEquals(1, count("select count(*) from person_activity where person_id = ? and kind = 'SERVICE_VISIT'",
                driver));
        List<LifecycleChanged> events = lifecycleEvents(driver);
        assertEquals(1, events.size());
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_LEAD, events.get(0).getPreviousStage());
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_OWNER, events.get(0).getStage());
        assertTrue(events.get(0).getReasonsList().stream().anyMatch(r -> r.getCode().equals("SERVICE_VISIT_RECORDED")));
        assertTrue(dealers(driver).contains("D007"));

        // a household member does not bring the car in
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_LEAD, lifecycle(household).getStage());
        assertFalse(dealers(household).contains("D007"));

        // the next visit is a new fact
        deliver(telematics, envelope(visit(vin, "D007", 2), "telematics-service", vin));
        assertEquals(2, count("select count(*) from person_activity where person_id = ? and kind = 'SERVICE_VISIT'",
                driver));
    }

    @Test
    void aServiceVisitOfAVehicleNobodyIsLinkedToChangesNothing() throws Throwable {
        String vin = uniqueVin();
        deliver(telematics, envelope(visit(vin, "D001", 1), "telematics-service", vin));
        assertEquals(0, count("select count(*) from person_activity where vin = ?", vin));
    }

    @Test
    void anOwnerReachingGoldIsLoyalAndAnOlderTierArrivingLateChangesNothing() throws Throwable {
        String owner = person(uniqueVin(), VehicleRole.VEHICLE_ROLE_OWNER);
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_OWNER, lifecycle(owner).getStage());
        Instant now = Instant.now();

        deliver(loyalty, envelope(tier(owner, "GOLD", now.minusSeconds(60)), "loyalty-service", "persons/" + owner));
        Lifecycle loyal = lifecycle(owner);
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_LOYAL, loyal.getStage());
        assertTrue(codes(loyal).contains("LOYALTY_TIER"));

        // an upgrade to SILVER from before GOLD, delivered late: GOLD stays
        deliver(loyalty, envelope(tier(owner, "SILVER", now.minusSeconds(3600)), "loyalty-service", "persons/" + owner));
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_LOYAL, lifecycle(owner).getStage());

        // a downgrade at the review date: back to owner
        deliver(loyalty, envelope(tier(owner, "SILVER", now), "loyalty-service", "persons/" + owner));
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_OWNER, lifecycle(owner).getStage());

        assertEquals(List.of(LifecycleStage.LIFECYCLE_STAGE_OWNER, LifecycleStage.LIFECYCLE_STAGE_LOYAL,
                LifecycleStage.LIFECYCLE_STAGE_OWNER), lifecycleEvents(owner).stream().map(LifecycleChanged::getStage)
                        .toList());

        // what identity holds of it is part of the person's export
        IdentityExport export = admin().exportPerson(ExportPersonRequest.newBuilder().setName("persons/" + owner).build())
                .getSections(0).getData().unpack(IdentityExport.class);
        assertEquals("SILVER", export.getLoyaltyTier());
        assertEquals(now.getEpochSecond(), export.getLoyaltyTierChangeTime().getSeconds());
    }

    @Test
    void aLeadAtGoldStaysALead() throws Throwable {
        String lead = person(null, null);
        deliver(loyalty, envelope(tier(lead, "PLATINUM", Instant.now()), "loyalty-service", "persons/" + lead));
        Lifecycle lifecycle = lifecycle(lead);
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_LEAD, lifecycle.getStage());
        assertTrue(codes(lifecycle).contains("NO_VEHICLE_OWNERSHIP"));
    }

    @Test
    void aRedeemedCouponRelatesThePersonToTheDealerOnce() throws Throwable {
        String person = person(null, null);
        String redemption = UUID.randomUUID().toString();
        CouponRedeemed redeemed = CouponRedeemed.newBuilder().setPersonId(person).setDealerId("D009")
                .setRedemptionId(redemption).setCoupon("coupons/C-1").setRedeemTime(timestamp(Instant.now())).build();
        deliver(loyalty, envelope(redeemed, "loyalty-service", "persons/" + person));
        deliver(loyalty, envelope(redeemed, "loyalty-service", "persons/" + person));
        assertEquals(List.of("D009"), dealers(person));
        assertEquals(1, count("select count(*) from person_activity where person_id = ? and kind = 'COUPON_REDEMPTION'",
                person));
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_LEAD, lifecycle(person).getStage(), "a redemption is not a purchase");
    }

    @Test
    void anActivatedLeadIsContactedInStoreOnce() throws Throwable {
        String person = person(null, null);
        Lead lead = partner().createLead(CreateLeadRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setPerson("persons/" + person).setDealerId("D001").setSource("app").build()).getLead();
        assertEquals(LeadState.LEAD_STATE_OPEN, lead.getState());
        LeadActivated activated = LeadActivated.newBuilder().setPersonId(person).setDealerId("D001")
                .setRedemptionId(UUID.randomUUID().toString()).setActivateTime(timestamp(Instant.now().minusSeconds(5)))
                .build();
        deliver(loyalty, envelope(activated, "loyalty-service", "persons/" + person));
        deliver(loyalty, envelope(activated, "loyalty-service", "persons/" + person));
        Lead contacted = admin().getLead(GetLeadRequest.newBuilder().setName(lead.getName()).build());
        assertEquals(LeadState.LEAD_STATE_CONTACTED, contacted.getState());
        assertEquals(ContactChannel.CONTACT_CHANNEL_IN_STORE, contacted.getFirstContactChannel());
        assertEquals(1, contacted.getContactCount());
    }

    @Test
    void eventsForPersonsUnknownHereOrErasedAreSkippedNotFailed() throws Throwable {
        String unknown = UUID.randomUUID().toString();
        deliver(loyalty, envelope(tier(unknown, "GOLD", Instant.now()), "loyalty-service", "persons/" + unknown));
        String erased = person(null, null);
        admin().erasePerson(ErasePersonRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setName("persons/" + erased).build());
        deliver(loyalty, envelope(CouponRedeemed.newBuilder().setPersonId(erased).setDealerId("D001")
                .setRedemptionId(UUID.randomUUID().toString()).build(), "loyalty-service", "persons/" + erased));
        assertEquals(0, count("select count(*) from person_activity where person_id = ?", erased));
        assertEquals(0, count("select count(*) from person_loyalty_tier where person_id = ?", unknown));
    }

    @Test
    void anEventOnTheLoyaltyStreamReachesTheHandlerThroughTheConsumerGroupOnce() throws Throwable {
        String owner = person(uniqueVin(), VehicleRole.VEHICLE_ROLE_OWNER);
        Envelope event = envelope(tier(owner, "GOLD", Instant.now()), "loyalty-service", "persons/" + owner);
        java.util.Map<String, byte[]> fields = new java.util.LinkedHashMap<>();
        fields.put("event_id", event.eventId().toString().getBytes());
        fields.put("type", event.type().getBytes());
        fields.put("source", event.source().getBytes());
        fields.put("subject", event.subject().getBytes());
        fields.put("occurred_at", event.occurredAt().toString().getBytes());
        fields.put("payload", event.payload().toByteArray());
        var stream = redis.stream(String.class, String.class, byte[].class);
        // the relay delivers at least once: the same event twice
        stream.xadd(Topics.stream(Topics.LOYALTY), fields);
        stream.xadd(Topics.stream(Topics.LOYALTY), fields);
        // then another event: entries of a stream are handled in order, so once this one is in the
        // inbox, both copies of the first have been handled
        String other = person(null, null);
        Envelope marker = envelope(tier(other, "SILVER", Instant.now()), "loyalty-service", "persons/" + other);
        fields.put("event_id", marker.eventId().toString().getBytes());
        fields.put("subject", marker.subject().getBytes());
        fields.put("payload", marker.payload().toByteArray());
        stream.xadd(Topics.stream(Topics.LOYALTY), fields);
        consumers.start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (count("select count(*) from inbox_event where event_id = ?", marker.eventId()) == 0
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
        } finally {
            VertxContextSupport.subscribeAndAwait(() -> consumers.stop());
        }
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_LOYAL, lifecycle(owner).getStage());
        assertEquals(1, count("select count(*) from inbox_event where consumer_group = 'identity-service' and event_id = ?",
                event.eventId()));
        assertEquals(List.of(LifecycleStage.LIFECYCLE_STAGE_OWNER, LifecycleStage.LIFECYCLE_STAGE_LOYAL),
                lifecycleEvents(owner).stream().map(LifecycleChanged::getStage).toList());
    }
}
