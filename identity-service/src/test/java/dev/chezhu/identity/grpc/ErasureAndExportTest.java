package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.Errors.refused;
import static dev.chezhu.identity.grpc.Fixtures.app;
import static dev.chezhu.identity.grpc.Fixtures.asAdmin;
import static dev.chezhu.identity.grpc.Fixtures.asDealerD001;
import static dev.chezhu.identity.grpc.Fixtures.asPartner;
import static dev.chezhu.identity.grpc.Fixtures.asService;
import static dev.chezhu.identity.grpc.Fixtures.email;
import static dev.chezhu.identity.grpc.Fixtures.observation;
import static dev.chezhu.identity.grpc.Fixtures.phone;
import static dev.chezhu.identity.grpc.Fixtures.unique;
import static dev.chezhu.identity.grpc.Fixtures.uniquePhone;
import static dev.chezhu.identity.grpc.Fixtures.uniqueVin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.v1.ActivityKind;
import dev.chezhu.identity.v1.CheckConsentRequest;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.ConsentState;
import dev.chezhu.identity.v1.CreateLeadRequest;
import dev.chezhu.identity.v1.ErasePersonRequest;
import dev.chezhu.identity.v1.ErasePersonResponse;
import dev.chezhu.identity.v1.ExportPersonRequest;
import dev.chezhu.identity.v1.ExportPersonResponse;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.IdentityExport;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.LookupPersonRequest;
import dev.chezhu.identity.v1.PersonErased;
import dev.chezhu.identity.v1.RecordConsentRequest;
import dev.chezhu.identity.v1.RecordPersonActivityRequest;
import dev.chezhu.identity.v1.ResolutionOutcome;
import dev.chezhu.identity.v1.VehicleRelationship;
import dev.chezhu.identity.v1.VehicleRole;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Export everything held about a person in one document; erase it for good. */
@QuarkusTest
class ErasureAndExportTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    DataSource db;

    private record Subject(String root, String merged, String phone, String email, String vin) {
    }

    /** A person with two merged IDs, traits, a car, a consent, a lead and an activity. */
    private Subject subject() {
        IdentityServiceBlockingStub partner = asPartner(identity);
        String phone = uniquePhone();
        String mail = unique("li") + "@mail.cn";
        String vin = uniqueVin();
        String root = partner.identifyPerson(observation("app", phone(phone), app(unique("app")))
                .putTraits("given_name", "Li").putTraits("city", "Hangzhou").addInterestTags("pop music")
                .build()).getPerson().getPersonId();
        String merged = partner.identifyPerson(observation("dealer_crm:D001", email(mail)).putTraits("family_name", "Na")
                .addVehicles(VehicleRelationship.newBuilder().setVin(vin).setRole(VehicleRole.VEHICLE_ROLE_OWNER))
                .build()).getPerson().getPersonId();
        assertEquals(ResolutionOutcome.RESOLUTION_OUTCOME_MERGED, partner.identifyPerson(
                observation("call_centre", phone(phone), email(mail)).build()).getOutcome());
        partner.recordConsent(RecordConsentRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setPerson("persons/" + merged).setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING)
                .setState(ConsentState.CONSENT_STATE_GRANTED).setSource("dealer_crm:D001").build());
        partner.createLead(CreateLeadRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setPerson("persons/" + root).setSource("app").setVehicleModel("GL8").build());
        asDealerD001(identity).recordPersonActivity(RecordPersonActivityRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setPerson("persons/" + root)
                .setKind(ActivityKind.ACTIVITY_KIND_SERVICE_VISIT).setSource("dealer_crm:D001").build());
        return new Subject(root, merged, phone, mail, vin);
    }

    @Test
    void anExportHoldsEverythingThisServiceKnowsInOneSection() throws Exception {
        Subject s = subject();
        ExportPersonResponse export = asAdmin(identity).exportPerson(ExportPersonRequest.newBuilder()
                .setName("persons/" + s.merged()).build());
        assertEquals("persons/" + s.root(), export.getPerson());
        assertEquals(1, export.getSectionsCount());
        assertEquals("identity-service", export.getSections(0).getService());
        IdentityExport data = export.getSections(0).getData().unpack(IdentityExport.class);
        assertEquals(List.of(s.root(), s.merged()).stream().sorted().toList(), data.getPersonIdsList().stream().sorted().toList());
        assertEquals(3, data.getPerson().getIdentifiersCount());
        assertEquals(3, data.getReportedTraitsCount());
        assertEquals("pop_music", data.getPerson().getInterests(0).getTag());
        assertEquals(1, data.getConsentsCount());
        assertEquals(1, data.getMergesCount());
        assertEquals(s.merged(), data.getMerges(0).getMergedPersonId());
        assertEquals(1, data.getLeadsCount());
        assertEquals(1, data.getActivitiesCount());
        assertEquals(3, data.getObservationCount());
        assertEquals(s.vin(), data.getPerson().getVehicles(0).getVin());

        refused(Status.Code.PERMISSION_DENIED, null, () -> asPartner(identity).exportPerson(ExportPersonRequest.newBuilder()
                .setName("persons/" + s.root()).build()));
    }

    @Test
    void anErasedPersonIsGoneExceptForATombstoneAndAnAuditWithoutPersonalData() {
        Subject s = subject();
        IdentityServiceBlockingStub partner = asPartner(identity);
        assertEquals(s.root(), partner.lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(phone(s.phone())).build())
                .getPersonId(), "warms the lookup cache");
        partner.checkConsent(CheckConsentRequest.newBuilder().setPerson("persons/" + s.merged())
                .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING).build());

        ErasePersonRequest request = ErasePersonRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setName("persons/" + s.merged()).build();
        ErasePersonResponse erased = asAdmin(identity).erasePerson(request);
        assertEquals("persons/" + s.root(), erased.getPerson(), "a merged ID erases the whole person");
        assertEquals(List.of(s.root(), s.merged()).stream().sorted().toList(), erased.getErasedPersonIdsList());
        assertEquals(3, erased.getRemovedCountsOrThrow("identifiers"));
        assertEquals(1, erased.getRemovedCountsOrThrow("consent_records"));

        for (String id : List.of(s.root(), s.merged())) {
            refused(Status.Code.NOT_FOUND, "PERSON_ERASED", () -> partner.getPerson(GetPersonRequest.newBuilder()
                    .setName("persons/" + id).build()));
            refused(Status.Code.NOT_FOUND, "PERSON_ERASED", () -> asService(identity).checkConsent(CheckConsentRequest
                    .newBuilder().setPerson("persons/" + id).setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING).build()));
        }
        refused(Status.Code.NOT_FOUND, "IDENTIFIER_NOT_FOUND", () -> partner.lookupPerson(LookupPersonRequest.newBuilder()
                .setIdentifier(phone(s.phone())).build()));
        refused(Status.Code.NOT_FOUND, "IDENTIFIER_NOT_FOUND", () -> partner.lookupPerson(LookupPersonRequest.newBuilder()
                .setIdentifier(email(s.email())).build()));

        for (String table : List.of("person_identifier", "person_trait", "vehicle_relationship", "person_interest",
                "consent_record", "person_activity", "lead")) {
            assertEquals(0, Fixtures.count(db, "select count(*) from " + table + " where person_id in (?, ?)", s.root(),
                    s.merged()), table);
        }
        String audit = String.join("|", Fixtures.strings(db, "select row_to_json(a)::text from erasure_audit a "
                + "where person_id = ?", s.root()));
        assertFalse(audit.isEmpty());
        for (String personal : List.of(s.phone(), s.email(), "Li", "Hangzhou", s.vin())) {
            assertFalse(audit.contains(personal), "the audit holds no " + personal);
        }
        assertEquals(1, Fixtures.events(db, s.root(), "PersonErased", PersonErased.parser()).size());

        assertTrue(asAdmin(identity).erasePerson(request).getReplayed());
        refused(Status.Code.NOT_FOUND, "PERSON_ERASED", () -> asAdmin(identity).erasePerson(ErasePersonRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setName("persons/" + s.root()).build()));

        String again = partner.identifyPerson(observation("app", phone(s.phone())).build()).getPerson().getPersonId();
        assertNotEquals(s.root(), again, "a later observation is a new person");
    }

    @Test
    void onlyThePlatformTeamErases() {
        refused(Status.Code.PERMISSION_DENIED, null, () -> asPartner(identity).erasePerson(ErasePersonRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setName("persons/anyone").build()));
        refused(Status.Code.PERMISSION_DENIED, null, () -> asService(identity).erasePerson(ErasePersonRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setName("persons/anyone").build()));
        refused(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> asAdmin(identity).erasePerson(ErasePersonRequest
                .newBuilder().setRequestId(UUID.randomUUID().toString()).setName("persons/anyone").build()));
    }
}
