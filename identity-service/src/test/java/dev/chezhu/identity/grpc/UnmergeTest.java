package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.Errors.refused;
import static dev.chezhu.identity.grpc.Fixtures.app;
import static dev.chezhu.identity.grpc.Fixtures.asAdmin;
import static dev.chezhu.identity.grpc.Fixtures.asPartner;
import static dev.chezhu.identity.grpc.Fixtures.email;
import static dev.chezhu.identity.grpc.Fixtures.licence;
import static dev.chezhu.identity.grpc.Fixtures.observation;
import static dev.chezhu.identity.grpc.Fixtures.phone;
import static dev.chezhu.identity.grpc.Fixtures.unique;
import static dev.chezhu.identity.grpc.Fixtures.uniquePhone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.v1.CheckConsentRequest;
import dev.chezhu.identity.v1.ConsentDecisionReason;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.ConsentState;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.GuardrailReason;
import dev.chezhu.identity.v1.IdentifyPersonResponse;
import dev.chezhu.identity.v1.Identifier;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.LookupPersonRequest;
import dev.chezhu.identity.v1.PersonUnmerged;
import dev.chezhu.identity.v1.RecordConsentRequest;
import dev.chezhu.identity.v1.ResolutionOutcome;
import dev.chezhu.identity.v1.UnmergePersonRequest;
import dev.chezhu.identity.v1.UnmergePersonResponse;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** A staff member splits a wrong merge: everything goes back, both IDs resolve, no re-merge. */
@QuarkusTest
class UnmergeTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    DataSource db;

    private String lookup(Identifier identifier) {
        return asPartner(identity).lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(identifier).build())
                .getPersonId();
    }

    private String root(String personId) {
        return asPartner(identity).getPerson(GetPersonRequest.newBuilder().setName("persons/" + personId).build())
                .getPersonId();
    }

    private ConsentDecisionReason marketing(String personId) {
        return asPartner(identity).checkConsent(CheckConsentRequest.newBuilder().setPerson("persons/" + personId)
                .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING).build()).getReason();
    }

    private static UnmergePersonRequest unmerge(String personId) {
        return UnmergePersonRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setName("persons/" + personId).build();
    }

    @Test
    void splittingAWrongMergeGivesEverythingBackAndKeepsThemApart() {
        IdentityServiceBlockingStub partner = asPartner(identity);
        Identifier phoneA = phone(uniquePhone());
        Identifier emailB = email(unique("b") + "@mail.cn");
        Identifier licenceC = licence(unique("C").substring(0, 20));
        String a = partner.identifyPerson(observation("app", phoneA, app(unique("a"))).putTraits("given_name", "Wei")
                .build()).getPerson().getPersonId();
        String b = partner.identifyPerson(observation("mini_program", emailB).putTraits("given_name", "Fang").build())
                .getPerson().getPersonId();
        String c = partner.identifyPerson(observation("store_visit", licenceC).build()).getPerson().getPersonId();
        partner.recordConsent(RecordConsentRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setPerson("persons/" + b).setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING)
                .setState(ConsentState.CONSENT_STATE_GRANTED).setSource("mini_program").build());

        assertEquals(ConsentDecisionReason.CONSENT_DECISION_REASON_NO_RECORD, marketing(a), "cached before the merge");

        // C into B, then B (with C) into A: a wrong merge through a shared phone, say
        partner.identifyPerson(observation("store_visit", emailB, licenceC).build());
        IdentifyPersonResponse wrong = partner.identifyPerson(observation("call_centre", phoneA, emailB).build());
        assertEquals(ResolutionOutcome.RESOLUTION_OUTCOME_MERGED, wrong.getOutcome());
        assertEquals(a, wrong.getPerson().getPersonId());
        assertEquals(a, lookup(emailB));
        assertEquals(a, root(c));
        assertEquals(ConsentDecisionReason.CONSENT_DECISION_REASON_GRANTED, marketing(a),
                "B's consent came along: the merge evicted A's cached consent");

        UnmergePersonRequest request = unmerge(b);
        UnmergePersonResponse split = asAdmin(identity).unmergePerson(request);
        assertEquals(b, split.getPerson().getPersonId());
        assertEquals(List.of(b, c).stream().sorted().toList(), split.getRestoredPersonIdsList());
        assertEquals(a, split.getFormerSurvivor().getPersonId());
        assertEquals(2, split.getPerson().getIdentifiersCount(), "B's e-mail and C's licence went back");
        assertEquals("Fang", split.getPerson().getTraitsOrThrow("given_name").getValue());
        assertEquals("Wei", split.getFormerSurvivor().getTraitsOrThrow("given_name").getValue());
        assertFalse(split.getFormerSurvivor().getIdentifiersList().stream().anyMatch(i -> i.getValue().contains("@")));

        assertEquals(b, lookup(emailB), "the cached lookup was evicted");
        assertEquals(b, lookup(licenceC));
        assertEquals(a, lookup(phoneA));
        assertEquals(b, root(c), "C resolves to B again");
        assertEquals(ConsentDecisionReason.CONSENT_DECISION_REASON_NO_RECORD, marketing(a), "consent went back with B");
        assertEquals(ConsentDecisionReason.CONSENT_DECISION_REASON_GRANTED, marketing(b));

        List<PersonUnmerged> events = Fixtures.events(db, b, "PersonUnmerged", PersonUnmerged.parser());
        assertEquals(1, events.size());
        assertEquals(a, events.get(0).getFormerSurvivorPersonId());

        IdentifyPersonResponse again = partner.identifyPerson(observation("call_centre", phoneA, emailB).build());
        assertEquals(ResolutionOutcome.RESOLUTION_OUTCOME_ATTACHED, again.getOutcome(), "not merged again");
        assertEquals(a, again.getPerson().getPersonId(), "the phone outranks the e-mail");
        assertEquals(GuardrailReason.GUARDRAIL_REASON_DO_NOT_MERGE, again.getRefusedMerges(0).getReason());
        assertEquals("persons/" + b, again.getRefusedMerges(0).getPerson());

        UnmergePersonResponse replay = asAdmin(identity).unmergePerson(request);
        assertTrue(replay.getReplayed());
        assertEquals(b, replay.getPerson().getPersonId());
    }

    @Test
    void onlyAMergedPersonCanBeSplitAndOnlyByThePlatformTeam() {
        String alone = asPartner(identity).identifyPerson(observation("app", phone(uniquePhone())).build()).getPerson()
                .getPersonId();
        refused(Status.Code.FAILED_PRECONDITION, "PERSON_NOT_MERGED", () -> asAdmin(identity).unmergePerson(unmerge(alone)));
        refused(Status.Code.PERMISSION_DENIED, null, () -> asPartner(identity).unmergePerson(unmerge(alone)));
        refused(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> asAdmin(identity).unmergePerson(unmerge("nobody")));
        refused(Status.Code.INVALID_ARGUMENT, null, () -> asAdmin(identity).unmergePerson(
                UnmergePersonRequest.newBuilder().setName("persons/" + alone).build()));
    }
}
