package dev.chezhu.gateway.backend;

import java.util.List;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;

import dev.chezhu.identity.v1.CheckConsentRequest;
import dev.chezhu.identity.v1.CheckConsentResponse;
import dev.chezhu.identity.v1.ConsentDecisionReason;
import dev.chezhu.identity.v1.ErasePersonRequest;
import dev.chezhu.identity.v1.ErasePersonResponse;
import dev.chezhu.identity.v1.ExportPersonRequest;
import dev.chezhu.identity.v1.ExportPersonResponse;
import dev.chezhu.identity.v1.ExportSection;
import dev.chezhu.identity.v1.GetLeadRequest;
import dev.chezhu.identity.v1.GetLifecycleRequest;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.IdentifyPersonResponse;
import dev.chezhu.identity.v1.IdentityExport;
import dev.chezhu.identity.v1.Lead;
import dev.chezhu.identity.v1.Lifecycle;
import dev.chezhu.identity.v1.LifecycleStage;
import dev.chezhu.identity.v1.ListLeadsRequest;
import dev.chezhu.identity.v1.ListLeadsResponse;
import dev.chezhu.identity.v1.LookupPersonRequest;
import dev.chezhu.identity.v1.LookupPersonResponse;
import dev.chezhu.identity.v1.MutinyIdentityServiceGrpc;
import dev.chezhu.identity.v1.Person;
import dev.chezhu.identity.v1.PersonIdentifier;
import dev.chezhu.identity.v1.PersonSummary;
import dev.chezhu.identity.v1.ResolutionOutcome;
import dev.chezhu.identity.v1.SearchPersonsRequest;
import dev.chezhu.identity.v1.SearchPersonsResponse;
import dev.chezhu.platform.error.ErrorDetails;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * identity-service as far as the gateway tests need it. Persons {@code p-d001} and {@code p-d002}
 * are known to one dealer's CRM each, {@code p-app} only to the app; the vehicle
 * {@link #SHARED_VIN} has an owner who grants third_party_sharing, every other does not.
 */
@GrpcService
public class IdentityStandIn extends MutinyIdentityServiceGrpc.IdentityServiceImplBase {

    public static final String SHARED_VIN = "LSVAU2180N2183294";
    public static final String PRIVATE_VIN = "LFV2A21K5N3000002";

    private final BackendCalls calls;

    public IdentityStandIn(BackendCalls calls) {
        this.calls = calls;
    }

    static Person person(String id) {
        Person.Builder person = Person.newBuilder().setName("persons/" + id).setPersonId(id)
                .setCreateTime(Timestamp.newBuilder().setSeconds(1_760_000_000));
        switch (id) {
            case "p-d001" -> person.addIdentifiers(PersonIdentifier.newBuilder()
                    .setType(IdentifierType.IDENTIFIER_TYPE_DEALER_CRM_ID).setValue("C-1").setScope("D001")
                    .setSource("dealer_crm:D001"));
            case "p-d002" -> person.addIdentifiers(PersonIdentifier.newBuilder()
                    .setType(IdentifierType.IDENTIFIER_TYPE_PHONE).setValue("+8613800138002").setSource("dealer_crm:D002"));
            case "p-lead" -> person.addDealerIds("D001").addIdentifiers(PersonIdentifier.newBuilder()
                    .setType(IdentifierType.IDENTIFIER_TYPE_PHONE).setValue("+8613900139000").setSource("app"));
            default -> person.addIdentifiers(PersonIdentifier.newBuilder()
                    .setType(IdentifierType.IDENTIFIER_TYPE_APP_ACCOUNT).setValue("app-7").setSource("app"));
        }
        return person.build();
    }

    private static boolean known(String name) {
        return List.of("persons/p-d001", "persons/p-d002", "persons/p-app", "persons/p-lead").contains(name);
    }

    private static <T> Uni<T> notFound(String name) {
        return Uni.createFrom().failure(ErrorDetails.statusException(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND",
                name + " does not exist", Map.of(), List.of()));
    }

    @Override
    public Uni<Person> getPerson(GetPersonRequest request) {
        calls.record("GetPerson");
        return known(request.getName()) ? Uni.createFrom().item(person(request.getName().substring(8)))
                : notFound(request.getName());
    }

    @Override
    public Uni<IdentifyPersonResponse> identifyPerson(IdentifyPersonRequest request) {
        calls.record("IdentifyPerson");
        return Uni.createFrom().item(IdentifyPersonResponse.newBuilder().setPerson(person("p-app"))
                .setOutcome(ResolutionOutcome.RESOLUTION_OUTCOME_ATTACHED).build());
    }

    @Override
    public Uni<LookupPersonResponse> lookupPerson(LookupPersonRequest request) {
        calls.record("LookupPerson");
        String id = request.getIdentifier().getValue().contains("2") ? "p-d002" : "p-d001";
        return Uni.createFrom().item(LookupPersonResponse.newBuilder().setPerson("persons/" + id).setPersonId(id).build());
    }

    @Override
    public Uni<SearchPersonsResponse> searchPersons(SearchPersonsRequest request) {
        calls.record("SearchPersons");
        calls.request("SearchPersons", request);
        return Uni.createFrom().item(SearchPersonsResponse.newBuilder().addPersons(PersonSummary.newBuilder()
                .setName("persons/p-d001").setPersonId("p-d001").addDealerIds("D001")).build());
    }

    @Override
    public Uni<CheckConsentResponse> checkConsent(CheckConsentRequest request) {
        calls.record("CheckConsent");
        boolean granted = request.getVehicle().equals("vehicles/" + SHARED_VIN);
        return Uni.createFrom().item(CheckConsentResponse.newBuilder().setGranted(granted)
                .setReason(granted ? ConsentDecisionReason.CONSENT_DECISION_REASON_GRANTED
                        : ConsentDecisionReason.CONSENT_DECISION_REASON_NO_RECORD)
                .build());
    }

    @Override
    public Uni<Lifecycle> getLifecycle(GetLifecycleRequest request) {
        calls.record("GetLifecycle");
        return Uni.createFrom().item(Lifecycle.newBuilder().setName(request.getName())
                .setStage(LifecycleStage.LIFECYCLE_STAGE_OWNER).build());
    }

    @Override
    public Uni<ListLeadsResponse> listLeads(ListLeadsRequest request) {
        calls.record("ListLeads");
        // echoes the dealer filter it was given, so a test sees what the gateway asked for
        return Uni.createFrom().item(ListLeadsResponse.newBuilder()
                .addLeads(Lead.newBuilder().setName("leads/l-1").setLeadId("l-1").setPerson("persons/p-d001")
                        .setDealerId(request.getDealerId()))
                .setNextPageToken(request.getPageToken().isEmpty() ? "page-2" : "").build());
    }

    @Override
    public Uni<Lead> getLead(GetLeadRequest request) {
        calls.record("GetLead");
        return Uni.createFrom().item(Lead.newBuilder().setName(request.getName()).setLeadId("l-d001")
                .setPerson("persons/p-d001").setDealerId("D001").build());
    }

    @Override
    public Uni<ExportPersonResponse> exportPerson(ExportPersonRequest request) {
        calls.record("ExportPerson");
        return Uni.createFrom().item(ExportPersonResponse.newBuilder().setPerson(request.getName())
                .addSections(ExportSection.newBuilder().setService("identity-service").setData(Any.pack(
                        IdentityExport.newBuilder().setPerson(person("p-app")).addPersonIds("p-app").build())))
                .build());
    }

    @Override
    public Uni<ErasePersonResponse> erasePerson(ErasePersonRequest request) {
        calls.record("ErasePerson");
        return Uni.createFrom().item(ErasePersonResponse.newBuilder().setPerson(request.getName())
                .addErasedPersonIds(request.getName().substring(8)).putRemovedCounts("identifiers", 1).build());
    }
}
