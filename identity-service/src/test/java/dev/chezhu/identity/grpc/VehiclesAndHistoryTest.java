package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.Errors.fields;
import static dev.chezhu.identity.grpc.Errors.refused;
import static dev.chezhu.identity.grpc.Fixtures.app;
import static dev.chezhu.identity.grpc.Fixtures.asAdmin;
import static dev.chezhu.identity.grpc.Fixtures.asDealerD001;
import static dev.chezhu.identity.grpc.Fixtures.asDealerD002;
import static dev.chezhu.identity.grpc.Fixtures.asHeadUnit;
import static dev.chezhu.identity.grpc.Fixtures.asPartner;
import static dev.chezhu.identity.grpc.Fixtures.asService;
import static dev.chezhu.identity.grpc.Fixtures.crm;
import static dev.chezhu.identity.grpc.Fixtures.observation;
import static dev.chezhu.identity.grpc.Fixtures.phone;
import static dev.chezhu.identity.grpc.Fixtures.unique;
import static dev.chezhu.identity.grpc.Fixtures.uniquePhone;
import static dev.chezhu.identity.grpc.Fixtures.uniqueVin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.v1.ActivityKind;
import dev.chezhu.identity.v1.CreateLeadRequest;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.ListMergeRecordsRequest;
import dev.chezhu.identity.v1.ListMergeRecordsResponse;
import dev.chezhu.identity.v1.ListVehicleRelationshipsRequest;
import dev.chezhu.identity.v1.ListVehicleRelationshipsResponse;
import dev.chezhu.identity.v1.MergeRecord;
import dev.chezhu.identity.v1.Person;
import dev.chezhu.identity.v1.RecordPersonActivityRequest;
import dev.chezhu.identity.v1.ResolutionOutcome;
import dev.chezhu.identity.v1.UnmergePersonRequest;
import dev.chezhu.identity.v1.VehiclePersonRelationship;
import dev.chezhu.identity.v1.VehicleRelationship;
import dev.chezhu.identity.v1.VehicleRole;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Vehicle attributes on relationships, the VIN-to-persons lookup, a person's dealers and merge
 * history, against the real PostgreSQL and Keycloak.
 */
@QuarkusTest
class VehiclesAndHistoryTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    private static VehicleRelationship.Builder link(String vin, VehicleRole role) {
        return VehicleRelationship.newBuilder().setVin(vin).setRole(role);
    }

    private ListVehicleRelationshipsResponse relationships(IdentityServiceBlockingStub caller, String vin) {
        return caller.listVehicleRelationships(ListVehicleRelationshipsRequest.newBuilder()
                .setParent("vehicles/" + vin).build());
    }

    private static List<String> persons(ListVehicleRelationshipsResponse response) {
        return response.getRelationshipsList().stream().map(VehiclePersonRelationship::getPerson).toList();
    }

    @Test
    void vehicleAttributesAreKeptPerVinAndTheLatestReportedValueOfEachWins() {
        String vin = uniqueVin();
        String owner = asPartner(identity).identifyPerson(observation("dealer_crm:D001", phone(uniquePhone()))
                .addVehicles(link(vin, VehicleRole.VEHICLE_ROLE_OWNER).setBrand("Buick").setModel("Envision")
                        .setModelYear(2022).setLicencePlate("京a-12345"))
                .build()).getPerson().getPersonId();
        // a later touchpoint knows only the model year, and gets it right
        Person driver = asPartner(identity).identifyPerson(observation("app", phone(uniquePhone()))
                .addVehicles(link(vin, VehicleRole.VEHICLE_ROLE_DRIVER).setModelYear(2023)).build()).getPerson();

        VehicleRelationship seen = driver.getVehicles(0);
        assertEquals(2023, seen.getModelYear());

        Person read = asPartner(identity).getPerson(GetPersonRequest.newBuilder().setName("persons/" + owner).build());
        VehicleRelationship car = read.getVehicles(0);
        assertEquals("Buick", car.getBrand());
        assertEquals("Envision", car.getModel());
        assertEquals(2023, car.getModelYear());
        assertEquals("京A12345", car.getLicencePlate());
    }

    @Test
    void invalidVehicleAttributesRefuseTheObservationNamingEachField() {
        var refused = refused(Status.Code.INVALID_ARGUMENT, null, () -> asPartner(identity).identifyPerson(
                observation("app", phone(uniquePhone())).addVehicles(link(uniqueVin(), VehicleRole.VEHICLE_ROLE_OWNER)
                        .setModelYear(1890).setLicencePlate("A")).build()));
        assertEquals(List.of("vehicles[0].model_year", "vehicles[0].licence_plate"), fields(refused));
    }

    @Test
    void theOwnersAndDriversOfAVinAreListedWithTheVehicleAsSurvivingPersons() {
        String vin = uniqueVin();
        String phoneA = uniquePhone();
        String appB = unique("app");
        String owner = asPartner(identity).identifyPerson(observation("dealer_crm:D001", phone(phoneA))
                .addVehicles(link(vin, VehicleRole.VEHICLE_ROLE_OWNER).setBrand("Buick").setModel("GL8")
                        .setModelYear(2024)).build()).getPerson().getPersonId();
        String driver = asPartner(identity).identifyPerson(observation("app", phone(uniquePhone()))
                .addVehicles(link(vin, VehicleRole.VEHICLE_ROLE_DRIVER)).build()).getPerson().getPersonId();
        // a second record of the owner, also linked as driver, then merged into the owner
        String merged = asPartner(identity).identifyPerson(observation("app", app(appB))
                .addVehicles(link(vin, VehicleRole.VEHICLE_ROLE_DRIVER)).build()).getPerson().getPersonId();
        assertEquals(ResolutionOutcome.RESOLUTION_OUTCOME_MERGED, asPartner(identity).identifyPerson(
                observation("app", phone(phoneA), app(appB)).build()).getOutcome());

        ListVehicleRelationshipsResponse listed = relationships(asService(identity), vin.toLowerCase());
        assertEquals("vehicles/" + vin, listed.getVehicle().getName());
        assertEquals("GL8", listed.getVehicle().getModel());
        assertEquals(2024, listed.getVehicle().getModelYear());
        assertEquals(VehicleRole.VEHICLE_ROLE_OWNER, listed.getRelationships(0).getRole());
        assertEquals("persons/" + owner, listed.getRelationships(0).getPerson());
        assertEquals("dealer_crm:D001", listed.getRelationships(0).getSource());
        // drivers: the other driver and the owner (through the merged record), never the merged ID itself
        assertEquals(List.of("persons/" + owner, "persons/" + driver).stream().sorted().toList(),
                listed.getRelationshipsList().subList(1, 3).stream().map(VehiclePersonRelationship::getPerson).sorted()
                        .toList());
        assertFalse(persons(listed).contains("persons/" + merged));
        assertEquals(3, listed.getRelationshipsCount());

        ListVehicleRelationshipsResponse owners = asAdmin(identity).listVehicleRelationships(
                ListVehicleRelationshipsRequest.newBuilder().setParent("vehicles/" + vin)
                        .setRole(VehicleRole.VEHICLE_ROLE_OWNER).build());
        assertEquals(List.of("persons/" + owner), persons(owners));

        ListVehicleRelationshipsResponse first = asAdmin(identity).listVehicleRelationships(
                ListVehicleRelationshipsRequest.newBuilder().setParent("vehicles/" + vin).setPageSize(2).build());
        assertEquals(2, first.getRelationshipsCount());
        ListVehicleRelationshipsResponse second = asAdmin(identity).listVehicleRelationships(
                ListVehicleRelationshipsRequest.newBuilder().setParent("vehicles/" + vin).setPageSize(2)
                        .setPageToken(first.getNextPageToken()).build());
        assertEquals(1, second.getRelationshipsCount());
        assertEquals("", second.getNextPageToken());

        // a dealer sees the persons related to it only
        assertEquals(List.of("persons/" + owner, "persons/" + owner), persons(relationships(asDealerD001(identity), vin)));
        assertEquals(List.of(), persons(relationships(asDealerD002(identity), vin)));
    }

    @Test
    void aVinNobodyIsLinkedToAnswersAnEmptyListAndOtherRolesAreDenied() {
        ListVehicleRelationshipsResponse none = relationships(asService(identity), uniqueVin());
        assertEquals(0, none.getRelationshipsCount());
        assertEquals(List.of("parent"), fields(refused(Status.Code.INVALID_ARGUMENT, null,
                () -> relationships(asService(identity), "NOT-A-VIN"))));
        refused(Status.Code.PERMISSION_DENIED, null, () -> relationships(asPartner(identity), uniqueVin()));
        refused(Status.Code.PERMISSION_DENIED, null, () -> relationships(asHeadUnit(identity), uniqueVin()));
    }

    @Test
    void aPersonsDealersComeFromCrmSourcesCrmIdsLeadsAndActivities() {
        String phone = uniquePhone();
        String person = asPartner(identity).identifyPerson(observation("dealer_crm:D003", phone(phone))
                .build()).getPerson().getPersonId();
        asPartner(identity).identifyPerson(observation("app", phone(phone), crm("D004", unique("crm"))).build());
        asPartner(identity).createLead(CreateLeadRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setPerson("persons/" + person).setDealerId("D002").setSource("app").build());
        asDealerD001(identity).recordPersonActivity(RecordPersonActivityRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setPerson("persons/" + person)
                .setKind(ActivityKind.ACTIVITY_KIND_PARTS_PURCHASE).setSource("dealer_crm:D001").build());

        Person read = asPartner(identity).getPerson(GetPersonRequest.newBuilder().setName("persons/" + person).build());
        assertEquals(List.of("D001", "D002", "D003", "D004"), read.getDealerIdsList());

        Person fresh = asPartner(identity).identifyPerson(observation("dealer_crm:D005", phone(uniquePhone()))
                .build()).getPerson();
        assertEquals(List.of("D005"), fresh.getDealerIdsList(), "a new person answers its dealer at once");
        assertEquals(List.of(), asPartner(identity).identifyPerson(observation("app", phone(uniquePhone())).build())
                .getPerson().getDealerIdsList());
    }

    @Test
    void aPersonsMergeHistoryListsMergesAndUnmergesFromAnyOfItsIds() {
        String phone = uniquePhone();
        String account = unique("app");
        String survivor = asPartner(identity).identifyPerson(observation("app", phone(phone)).build()).getPerson()
                .getPersonId();
        String merged = asPartner(identity).identifyPerson(observation("app", app(account)).build()).getPerson()
                .getPersonId();
        asPartner(identity).identifyPerson(observation("call_centre", phone(phone), app(account)).build());

        ListMergeRecordsResponse history = asDealerD001(identity).listMergeRecords(ListMergeRecordsRequest.newBuilder()
                .setParent("persons/" + merged).build());
        assertEquals(1, history.getMergeRecordsCount());
        MergeRecord merge = history.getMergeRecords(0);
        assertEquals(survivor, merge.getSurvivorPersonId());
        assertEquals(merged, merge.getMergedPersonId());
        assertTrue(merge.hasMergeTime());
        assertFalse(merge.hasUnmergeTime());

        asAdmin(identity).unmergePerson(UnmergePersonRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setName("persons/" + merged).build());
        for (String id : List.of(survivor, merged)) {
            ListMergeRecordsResponse after = asService(identity).listMergeRecords(ListMergeRecordsRequest.newBuilder()
                    .setParent("persons/" + id).build());
            assertEquals(1, after.getMergeRecordsCount(), "both sides still show the merge, now undone");
            assertTrue(after.getMergeRecords(0).hasUnmergeTime());
        }

        refused(Status.Code.PERMISSION_DENIED, null, () -> asPartner(identity).listMergeRecords(
                ListMergeRecordsRequest.newBuilder().setParent("persons/" + survivor).build()));
        refused(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", () -> asAdmin(identity).listMergeRecords(
                ListMergeRecordsRequest.newBuilder().setParent("persons/" + UUID.randomUUID()).build()));
        refused(Status.Code.INVALID_ARGUMENT, null, () -> asAdmin(identity).listMergeRecords(
                ListMergeRecordsRequest.newBuilder().setParent("people/x").build()));
    }

    @Test
    void erasingAPersonRemovesTheAttributesOfVehiclesNobodyElseIsLinkedTo() {
        String own = uniqueVin();
        String shared = uniqueVin();
        String person = asPartner(identity).identifyPerson(observation("app", phone(uniquePhone()))
                .addVehicles(link(own, VehicleRole.VEHICLE_ROLE_OWNER).setModel("Envision").setLicencePlate("苏E" + own.substring(12)))
                .addVehicles(link(shared, VehicleRole.VEHICLE_ROLE_DRIVER).setModel("GL8")).build()).getPerson()
                .getPersonId();
        asPartner(identity).identifyPerson(observation("app", phone(uniquePhone()))
                .addVehicles(link(shared, VehicleRole.VEHICLE_ROLE_OWNER)).build());

        var erased = asAdmin(identity).erasePerson(dev.chezhu.identity.v1.ErasePersonRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setName("persons/" + person).build());
        assertEquals(1, erased.getRemovedCountsOrThrow("vehicles"));
        assertEquals("", relationships(asService(identity), own).getVehicle().getModel());
        assertEquals(0, asAdmin(identity).searchPersons(dev.chezhu.identity.v1.SearchPersonsRequest.newBuilder()
                .setLicencePlate("苏E" + own.substring(12)).build()).getPersonsCount());
        assertEquals("GL8", relationships(asService(identity), shared).getVehicle().getModel(),
                "the other person's vehicle keeps its attributes");
    }
}
