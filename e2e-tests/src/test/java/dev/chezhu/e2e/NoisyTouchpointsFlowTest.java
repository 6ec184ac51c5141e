package dev.chezhu.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.platform.testing.TestCallers;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Flow 1, one person from noisy touchpoints: the app sign-up, the dealer CRM's import (the same
 * phone written another way, the e-mail in other case) and the head unit's pairing (with a
 * placeholder phone typed into the form) become one person with their car; the spouse who drives
 * the same car stays a person of their own. The car itself then finds its owner's loyalty account.
 */
@QuarkusTest
class NoisyTouchpointsFlowTest {

    private static final String VIN = TestCallers.HEAD_UNIT_VIN;

    @Inject
    Platform platform;

    @AfterEach
    void eraseTestPersons() {
        platform.eraseCreated();
    }

    @Test
    void signUpCrmImportAndHeadUnitPairingBecomeOnePersonWithTheirCar() {
        String phone = Platform.phone();
        String spaced = phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7);
        String dashed = "+86-" + phone.substring(0, 3) + "-" + phone.substring(3, 7) + "-" + phone.substring(7);
        String tag = Platform.unique();
        String app = "app-" + tag;

        String[] signUp = platform.observe("""
                {"source":"app","identifiers":[{"type":"phone","value":"%s"},{"type":"email","value":"Li.Na.%s@QQ.com"},
                 {"type":"app_account","value":"%s"}],"traits":{"given_name":"Na","family_name":"Li"}}"""
                .formatted(spaced, tag, app));
        String personId = signUp[0];
        assertEquals("created", signUp[1]);

        String[] crm = platform.observe("""
                {"source":"dealer_crm:D001","identifiers":[{"type":"phone","value":"%s"},
                 {"type":"email","value":"li.na.%s@qq.com"},{"type":"dealer_crm_id","value":"CRM-%s","scope":"D001"}],
                 "vehicles":[{"vin":"%s","role":"owner"}]}""".formatted(dashed, tag, tag, VIN));
        assertEquals(personId, crm[0], "the CRM's customer is the app's user");
        assertEquals("attached", crm[1]);

        String[] pairing = platform.observe("""
                {"source":"head_unit","identifiers":[{"type":"head_unit_device","value":"HU-%s"},
                 {"type":"app_account","value":"%s"},{"type":"phone","value":"138 0000 0000"}],
                 "vehicles":[{"vin":"%s","role":"driver"}]}""".formatted(tag, app, VIN));
        assertEquals(personId, pairing[0], "the head unit was paired with the same app account");

        String spouse = platform.observe("""
                {"source":"head_unit","identifiers":[{"type":"head_unit_device","value":"HU2-%s"},
                 {"type":"app_account","value":"spouse-%s"},{"type":"phone","value":"138 0000 0000"}],
                 "vehicles":[{"vin":"%s","role":"driver"}]}""".formatted(tag, tag, VIN))[0];
        assertNotEquals(personId, spouse, "a shared car and a placeholder phone do not make two people one");

        platform.asPartner().when().get("/v1/persons/" + personId)
                .then().statusCode(200)
                .body("identifiers.type", hasItems("phone", "email", "app_account", "dealer_crm_id", "head_unit_device"))
                .body("identifiers.value", not(hasItems("+8613800000000")))
                .body("traits.family_name.value", equalTo("Li"))
                .body("vehicles.findAll { it.role == 'owner' }.vin", hasItems(VIN));
        assertEquals(1, Databases.count("identity",
                "select count(distinct coalesce(p.merged_into, p.id)) from person_identifier i join person p on p.id = i.person_id "
                        + "where i.value in (?, ?, ?)", "+86" + phone, "li.na." + tag + "@qq.com", app));
        assertEquals(0, Databases.count("identity", "select count(*) from person_identifier where value like ?",
                "%13800000000"), "the placeholder phone is never stored as an identifier");

        // the car asks for its owner's points: loyalty finds the owner through identity
        Account account = platform.loyalty(TestCallers.headUnit()).getAccount(GetAccountRequest.newBuilder()
                .setVehicle("vehicles/" + VIN).build());
        assertEquals(personId, account.getPersonId());
    }
}
