package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.Errors.fields;
import static dev.chezhu.identity.grpc.Errors.refused;
import static dev.chezhu.identity.grpc.Fixtures.app;
import static dev.chezhu.identity.grpc.Fixtures.asPartner;
import static dev.chezhu.identity.grpc.Fixtures.crm;
import static dev.chezhu.identity.grpc.Fixtures.email;
import static dev.chezhu.identity.grpc.Fixtures.licence;
import static dev.chezhu.identity.grpc.Fixtures.observation;
import static dev.chezhu.identity.grpc.Fixtures.phone;
import static dev.chezhu.identity.grpc.Fixtures.unique;
import static dev.chezhu.identity.grpc.Fixtures.uniquePhone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.GuardrailReason;
import dev.chezhu.identity.v1.IdentifierQuarantined;
import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.IdentifyPersonResponse;
import dev.chezhu.identity.v1.Identifier;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.IgnoredIdentifier;
import dev.chezhu.identity.v1.LookupPersonRequest;
import dev.chezhu.identity.v1.Person;
import dev.chezhu.identity.v1.PersonIdentifier;
import dev.chezhu.identity.v1.ResolutionOutcome;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Junk values, per-type limits, identifier priority and shared-identifier quarantine, end to end. */
@QuarkusTest
class GuardrailsTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    DataSource db;

    private IdentityServiceBlockingStub partner() {
        return asPartner(identity);
    }

    private IdentifyPersonResponse identify(IdentifyPersonRequest.Builder request) {
        return partner().identifyPerson(request.build());
    }

    private String lookup(Identifier identifier) {
        return partner().lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(identifier).build()).getPersonId();
    }

    private Person get(String personId) {
        return partner().getPerson(GetPersonRequest.newBuilder().setName("persons/" + personId).build());
    }

    @Test
    void junkValuesAreIgnoredReportedAndNeverStored() {
        String real = uniquePhone();
        IdentifyPersonResponse response = identify(observation("call_centre", phone(real), phone("138 0000 0000"),
                email("TEST@test.com"), app("null"), phone("12345678901")));
        assertEquals(ResolutionOutcome.RESOLUTION_OUTCOME_CREATED, response.getOutcome());
        assertEquals(List.of(1, 2, 3, 4), response.getIgnoredIdentifiersList().stream().map(IgnoredIdentifier::getIndex).toList());
        assertTrue(response.getIgnoredIdentifiersList().stream()
                .allMatch(i -> i.getReason() == GuardrailReason.GUARDRAIL_REASON_BLOCKED_VALUE));
        assertEquals(1, response.getPerson().getIdentifiersCount(), "only the real phone is attached");
        assertEquals(0, Fixtures.count(db, "select count(*) from person_identifier where value in (?, ?)",
                "+8613800000000", "test@test.com"));
        refused(Status.Code.NOT_FOUND, "IDENTIFIER_BLOCKED", () -> lookup(phone("13800000000")));
    }

    @Test
    void anObservationWithOnlyJunkIsInvalidAndWritesNothing() {
        var refused = refused(Status.Code.INVALID_ARGUMENT, "ALL_IDENTIFIERS_BLOCKED", () -> identify(observation("app",
                phone("13900000000"), email("anonymous@example.com"), app("unknown"))));
        assertEquals(List.of("identifiers[0].value", "identifiers[1].value", "identifiers[2].value"), fields(refused));
    }

    @Test
    void anObservationCarryingMoreOfATypeThanAPersonMayHaveIsInvalid() {
        var refused = refused(Status.Code.INVALID_ARGUMENT, "INVALID_OBSERVATION", () -> identify(observation("app",
                app(unique("a")), app(unique("b")))));
        assertEquals(List.of("identifiers"), fields(refused));
    }

    @Test
    void aMergeThatWouldGiveOnePersonTwoAppAccountsIsRefused() {
        String sharedPhone = uniquePhone();
        String first = identify(observation("app", app(unique("first")), phone(sharedPhone))).getPerson().getPersonId();
        String secondAccount = unique("second");
        String second = identify(observation("app", app(secondAccount))).getPerson().getPersonId();

        IdentifyPersonRequest request = observation("app", app(secondAccount), phone(sharedPhone)).build();
        IdentifyPersonResponse response = partner().identifyPerson(request);
        assertEquals(ResolutionOutcome.RESOLUTION_OUTCOME_ATTACHED, response.getOutcome());
        assertEquals(second, response.getPerson().getPersonId(), "the app account outranks the phone");
        assertEquals(1, response.getRefusedMergesCount());
        var refusal = response.getRefusedMerges(0);
        assertEquals("persons/" + first, refusal.getPerson());
        assertEquals(GuardrailReason.GUARDRAIL_REASON_LIMIT_EXCEEDED, refusal.getReason());
        assertEquals(IdentifierType.IDENTIFIER_TYPE_APP_ACCOUNT, refusal.getLimitedType());
        assertEquals(List.of(1), refusal.getIdentifierIndexesList());
        assertEquals(first, lookup(phone(sharedPhone)), "the phone stays with its owner");
        assertEquals(1, Fixtures.count(db, "select count(*) from refused_merge where kept_person_id = ? and refused_person_id = ?",
                second, first));

        IdentifyPersonResponse replay = partner().identifyPerson(request);
        assertTrue(replay.getReplayed());
        assertEquals(response.getRefusedMergesList(), replay.getRefusedMergesList(), "a replay reports the same guardrails");
    }

    @Test
    void theHighestPriorityIdentifierDecidesAndConflictingOnesAreNotAttached() {
        String licenceNumber = unique("L").substring(0, 20);
        String person = identify(observation("store_visit", licence(licenceNumber), app(unique("own")))).getPerson()
                .getPersonId();
        String otherAccount = unique("other");
        IdentifyPersonResponse response = identify(observation("app", app(otherAccount), licence(licenceNumber)));
        assertEquals(person, response.getPerson().getPersonId());
        assertEquals(ResolutionOutcome.RESOLUTION_OUTCOME_ATTACHED, response.getOutcome());
        assertEquals(GuardrailReason.GUARDRAIL_REASON_LIMIT_EXCEEDED, response.getIgnoredIdentifiers(0).getReason());
        assertEquals(0, response.getIgnoredIdentifiers(0).getIndex());
        refused(Status.Code.NOT_FOUND, "IDENTIFIER_NOT_FOUND", () -> lookup(app(otherAccount)));
    }

    @Test
    void aFrontDeskPhoneSeenWithSeveralCustomersIsQuarantinedNotMerged() {
        String desk = uniquePhone();
        String c1 = identify(observation("dealer_crm:D001", crm("D001", unique("c1")), phone(desk))).getPerson().getPersonId();
        assertEquals(c1, lookup(phone(desk)), "warms the cache: the quarantine must evict it");

        IdentifyPersonResponse second = identify(observation("dealer_crm:D001", crm("D001", unique("c2")), phone(desk)));
        assertEquals(ResolutionOutcome.RESOLUTION_OUTCOME_CREATED, second.getOutcome());
        assertNotEquals(c1, second.getPerson().getPersonId());
        assertEquals(IdentifierType.IDENTIFIER_TYPE_DEALER_CRM_ID, second.getRefusedMerges(0).getLimitedType());
        assertTrue(second.getQuarantinedIdentifierIndexesList().isEmpty(), "one conflict is not yet a shared identifier");

        IdentifyPersonResponse third = identify(observation("dealer_crm:D001", crm("D001", unique("c3")), phone(desk)));
        assertEquals(ResolutionOutcome.RESOLUTION_OUTCOME_CREATED, third.getOutcome());
        assertEquals(List.of(1), third.getQuarantinedIdentifierIndexesList());

        refused(Status.Code.NOT_FOUND, "IDENTIFIER_QUARANTINED", () -> lookup(phone(desk)));
        PersonIdentifier deskOnC1 = get(c1).getIdentifiersList().stream()
                .filter(i -> i.getType() == IdentifierType.IDENTIFIER_TYPE_PHONE).findFirst().orElseThrow();
        assertTrue(deskOnC1.getQuarantined());
        List<IdentifierQuarantined> events = Fixtures.events(db, c1, "IdentifierQuarantined", IdentifierQuarantined.parser());
        assertEquals(1, events.size());
        assertEquals(2, events.get(0).getDistinctPersons());

        IdentifyPersonResponse fourth = identify(observation("dealer_crm:D001", crm("D001", unique("c4")), phone(desk)));
        assertEquals(ResolutionOutcome.RESOLUTION_OUTCOME_CREATED, fourth.getOutcome());
        assertEquals(GuardrailReason.GUARDRAIL_REASON_QUARANTINED, fourth.getIgnoredIdentifiers(0).getReason());
        assertTrue(fourth.getRefusedMergesList().isEmpty(), "a quarantined identifier points at nobody");
        refused(Status.Code.FAILED_PRECONDITION, "ALL_IDENTIFIERS_QUARANTINED",
                () -> identify(observation("call_centre", phone(desk))));
        assertEquals(4, List.of(c1, second.getPerson().getPersonId(), third.getPerson().getPersonId(),
                fourth.getPerson().getPersonId()).stream().distinct().count(), "four customers, never merged");
        assertFalse(get(c1).getMergedPersonIdsCount() > 0);
    }
}
