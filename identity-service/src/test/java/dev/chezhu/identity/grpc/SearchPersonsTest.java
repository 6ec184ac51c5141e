package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.Errors.fields;
import static dev.chezhu.identity.grpc.Errors.refused;
import static dev.chezhu.identity.grpc.Fixtures.asAdmin;
import static dev.chezhu.identity.grpc.Fixtures.asDealerD001;
import static dev.chezhu.identity.grpc.Fixtures.asDealerD002;
import static dev.chezhu.identity.grpc.Fixtures.asHeadUnit;
import static dev.chezhu.identity.grpc.Fixtures.asPartner;
import static dev.chezhu.identity.grpc.Fixtures.asService;
import static dev.chezhu.identity.grpc.Fixtures.email;
import static dev.chezhu.identity.grpc.Fixtures.observation;
import static dev.chezhu.identity.grpc.Fixtures.phone;
import static dev.chezhu.identity.grpc.Fixtures.unique;
import static dev.chezhu.identity.grpc.Fixtures.uniquePhone;
import static dev.chezhu.identity.grpc.Fixtures.uniqueVin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.v1.ErasePersonRequest;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.LifecycleStage;
import dev.chezhu.identity.v1.PersonSummary;
import dev.chezhu.identity.v1.SearchPersonsRequest;
import dev.chezhu.identity.v1.SearchPersonsResponse;
import dev.chezhu.identity.v1.VehicleRelationship;
import dev.chezhu.identity.v1.VehicleRole;
import dev.chezhu.platform.testing.TestCallers;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * SearchPersons against the real PostgreSQL and Keycloak: every query kind, normalisation, name
 * fragments in Chinese and Latin script, the dealer filter and a dealer's own scope, erased and junk
 * never found, paging, roles.
 */
@QuarkusTest
class SearchPersonsTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    /** Random CJK characters: a name no other test (or earlier run) has. */
    private static String chinese(int length) {
        java.util.Random random = new java.util.Random(UUID.randomUUID().getMostSignificantBits());
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < length; i++) {
            name.appendCodePoint(0x4E00 + random.nextInt(0x9FA5 - 0x4E00));
        }
        return name.toString();
    }

    /** A random plate: province character, letter, five letters or digits. */
    private static String plate() {
        return "沪" + "A" + UUID.randomUUID().toString().replace("-", "").substring(0, 5).toUpperCase(Locale.ROOT);
    }

    private static SearchPersonsRequest.Builder search() {
        return SearchPersonsRequest.newBuilder();
    }

    private static List<String> ids(SearchPersonsResponse response) {
        return response.getPersonsList().stream().map(PersonSummary::getPersonId).toList();
    }

    @Test
    void aPhoneInAnySpellingFindsThePersonWithAMaskedPhoneAndAChineseName() {
        String digits = uniquePhone();
        String given = chinese(2);
        String person = asPartner(identity).identifyPerson(observation("app", phone(digits))
                .putTraits("family_name", "王").putTraits("given_name", given).build()).getPerson().getPersonId();

        SearchPersonsResponse found = asPartner(identity).searchPersons(search()
                .setPhone("+86 " + digits.substring(0, 3) + "-" + digits.substring(3, 7) + "-" + digits.substring(7))
                .build());
        assertEquals(List.of(person), ids(found));
        PersonSummary summary = found.getPersons(0);
        assertEquals("persons/" + person, summary.getName());
        assertEquals("王" + given, summary.getDisplayName());
        assertEquals("+86" + digits.substring(0, 3) + "****" + digits.substring(7), summary.getMaskedPhone());
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_LEAD, summary.getLifecycleStage());
        assertEquals("", found.getNextPageToken());
        assertEquals(List.of(person), ids(asPartner(identity).searchPersons(search().setPhone("0086" + digits).build())));
    }

    @Test
    void anEmailIsFoundWhateverItsCase() {
        String mail = unique("search").toLowerCase(Locale.ROOT) + "@chezhu-mail.cn";
        String person = asPartner(identity).identifyPerson(observation("app", email(mail)).build()).getPerson()
                .getPersonId();
        assertEquals(List.of(person), ids(asService(identity).searchPersons(search()
                .setEmail(mail.toUpperCase(Locale.ROOT)).build())));
    }

    @Test
    void aNameFragmentFindsChineseAndLatinNamesCaseInsensitively() {
        String given = chinese(3);
        String family = chinese(1);
        String chinese = asPartner(identity).identifyPerson(observation("app", phone(uniquePhone()))
                .putTraits("family_name", family).putTraits("given_name", given).build()).getPerson().getPersonId();
        // 3 characters anywhere in a name (trigram index), 1-2 at the start of a name part (prefix index)
        assertTrue(ids(asAdmin(identity).searchPersons(search().setName(given).build())).contains(chinese));
        assertTrue(ids(asAdmin(identity).searchPersons(search().setName(given.substring(0, 2)).build()))
                .contains(chinese));
        assertTrue(ids(asAdmin(identity).searchPersons(search().setName(family).setPageSize(100).build()))
                .contains(chinese), "a one-character surname");

        String latin = "Zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String person = asPartner(identity).identifyPerson(observation("app", phone(uniquePhone()))
                .putTraits("name", "Anna " + latin + "son").build()).getPerson().getPersonId();
        assertEquals(List.of(person), ids(asAdmin(identity).searchPersons(search()
                .setName(latin.toUpperCase(Locale.ROOT)).build())));
        assertEquals("Anna " + latin + "son", asAdmin(identity).searchPersons(search().setName(latin).build())
                .getPersons(0).getDisplayName());
        // LIKE wildcards in a fragment are literal characters, not "anything"
        assertEquals(List.of(), ids(asAdmin(identity).searchPersons(search().setName(latin.substring(0, 4) + "%")
                .build())));
    }

    @Test
    void aVinOrAPlateFindsThePersonsOfTheVehicleWithItsAttributes() {
        String vin = uniqueVin();
        String plate = plate();
        String owner = asPartner(identity).identifyPerson(observation("dealer_crm:D001", phone(uniquePhone()))
                .addVehicles(VehicleRelationship.newBuilder().setVin(vin).setRole(VehicleRole.VEHICLE_ROLE_OWNER)
                        .setBrand("Buick").setModel("GL8").setModelYear(2023)
                        .setLicencePlate(plate.substring(0, 2) + "·" + plate.substring(2)))
                .build()).getPerson().getPersonId();
        String driver = asPartner(identity).identifyPerson(observation("app", phone(uniquePhone()))
                .addVehicles(VehicleRelationship.newBuilder().setVin(vin).setRole(VehicleRole.VEHICLE_ROLE_DRIVER))
                .build()).getPerson().getPersonId();

        assertEquals(List.of(owner, driver).stream().sorted().toList(), ids(asService(identity).searchPersons(search()
                .setVin(vin.toLowerCase(Locale.ROOT)).build())));
        SearchPersonsResponse byPlate = asService(identity).searchPersons(search()
                .setLicencePlate(plate.substring(0, 2).toLowerCase(Locale.ROOT) + " " + plate.substring(2)).build());
        assertEquals(List.of(owner, driver).stream().sorted().toList(), ids(byPlate));
        PersonSummary found = byPlate.getPersonsList().stream().filter(p -> p.getPersonId().equals(owner)).findFirst()
                .orElseThrow();
        VehicleRelationship car = found.getVehicles(0);
        assertEquals(vin, car.getVin());
        assertEquals("Buick", car.getBrand());
        assertEquals("GL8", car.getModel());
        assertEquals(2023, car.getModelYear());
        assertEquals(plate, car.getLicencePlate());
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_OWNER, found.getLifecycleStage());
        assertEquals(List.of("D001"), found.getDealerIdsList());
    }

    @Test
    void theDealerFilterKeepsThePersonsRelatedToTheDealerAndADealerSeesOnlyItsOwn() {
        String vin = uniqueVin();
        String crm = asPartner(identity).identifyPerson(observation("dealer_crm:D001", phone(uniquePhone()))
                .addVehicles(VehicleRelationship.newBuilder().setVin(vin).setRole(VehicleRole.VEHICLE_ROLE_OWNER))
                .build()).getPerson().getPersonId();
        String app = asPartner(identity).identifyPerson(observation("app", phone(uniquePhone()))
                .addVehicles(VehicleRelationship.newBuilder().setVin(vin).setRole(VehicleRole.VEHICLE_ROLE_HOUSEHOLD))
                .build()).getPerson().getPersonId();

        assertEquals(List.of(crm, app).stream().sorted().toList(),
                ids(asAdmin(identity).searchPersons(search().setVin(vin).build())));
        assertEquals(List.of(crm), ids(asAdmin(identity).searchPersons(search().setVin(vin).setDealerId("D001").build())));
        assertEquals(List.of(), ids(asAdmin(identity).searchPersons(search().setVin(vin).setDealerId("D002").build())));
        // a dealer searches its own customers, whether it names its dealer or not
        assertEquals(List.of(crm), ids(asDealerD001(identity).searchPersons(search().setVin(vin).build())));
        assertEquals(List.of(), ids(asDealerD002(identity).searchPersons(search().setVin(vin).build())));
        refused(Status.Code.PERMISSION_DENIED, "DEALER_MISMATCH", () -> asDealerD002(identity).searchPersons(search()
                .setVin(vin).setDealerId("D001").build()));
    }

    @Test
    void erasedPersonsAndJunkValuesAreNeverFound() {
        String digits = uniquePhone();
        String person = asPartner(identity).identifyPerson(observation("app", phone(digits)).build()).getPerson()
                .getPersonId();
        assertEquals(List.of(person), ids(asAdmin(identity).searchPersons(search().setPhone(digits).build())));
        asAdmin(identity).erasePerson(ErasePersonRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setName("persons/" + person).build());
        assertEquals(List.of(), ids(asAdmin(identity).searchPersons(search().setPhone(digits).build())));
        // a test number is nobody's, whoever typed it
        assertEquals(List.of(), ids(asAdmin(identity).searchPersons(search().setPhone("138 0000 0000").build())));
    }

    @Test
    void resultsComeInPagesThatTogetherHoldEveryoneOnce() {
        String vin = uniqueVin();
        List<String> persons = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            persons.add(asPartner(identity).identifyPerson(observation("app", phone(uniquePhone()))
                    .addVehicles(VehicleRelationship.newBuilder().setVin(vin).setRole(VehicleRole.VEHICLE_ROLE_DRIVER))
                    .build()).getPerson().getPersonId());
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            SearchPersonsResponse page = asService(identity).searchPersons(search().setVin(vin).setPageSize(2)
                    .setPageToken(token).build());
            assertTrue(page.getPersonsCount() <= 2);
            seen.addAll(ids(page));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty() && pages < 10);
        assertEquals(3, pages);
        assertEquals(persons.stream().sorted().toList(), seen);
    }

    @Test
    void invalidSearchesAreRefusedWithTheFieldAndOtherRolesAreDenied() {
        assertEquals(List.of("query"), fields(refused(Status.Code.INVALID_ARGUMENT, "INVALID_SEARCH",
                () -> asAdmin(identity).searchPersons(search().build()))));
        assertEquals(List.of("vin"), fields(refused(Status.Code.INVALID_ARGUMENT, "INVALID_SEARCH",
                () -> asAdmin(identity).searchPersons(search().setVin("SHORT").build()))));
        assertEquals(List.of("page_token"), fields(refused(Status.Code.INVALID_ARGUMENT, "INVALID_SEARCH",
                () -> asAdmin(identity).searchPersons(search().setName("Wei").setPageToken("nonsense!").build()))));
        assertEquals(List.of("phone"), fields(refused(Status.Code.INVALID_ARGUMENT, "INVALID_SEARCH",
                () -> asAdmin(identity).searchPersons(search().setPhone("call me").build()))));
        refused(Status.Code.PERMISSION_DENIED, null, () -> asHeadUnit(identity).searchPersons(search().setName("Wei")
                .build()));
        refused(Status.Code.UNAUTHENTICATED, null, () -> identity.searchPersons(search().setName("Wei").build()));
        refused(Status.Code.UNAUTHENTICATED, null, () -> identity.withCallCredentials(TestCallers.bearer("not-a-token"))
                .searchPersons(search().setName("Wei").build()));
    }
}
