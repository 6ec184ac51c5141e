package dev.chezhu.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.chezhu.platform.testing.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A partner app's request travels gateway → identity-service → PostgreSQL, with a real token. */
@QuarkusTest
class IdentityThroughGatewayTest {

    @ConfigProperty(name = "chezhu.e2e.gateway-url")
    String gateway;

    @Inject
    Platform platform;

    /** The person becomes an owner of a head unit's car: leave the car without owners for the flow tests. */
    @AfterEach
    void eraseTestPersons() {
        platform.eraseCreated();
    }

    private RequestSpecification as(String token) {
        return given().baseUri(gateway).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String partnerToken() {
        return TestCallers.KEYCLOAK.clientToken("partner-app", "partner-app-secret");
    }

    @Test
    void observationsFromTwoTouchpointsBecomeOnePersonInTheDatabase() {
        String phone = "137" + String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L));
        String appAccount = "app-" + UUID.randomUUID();
        String signUp = """
                {"source":"app","identifiers":[{"type":"phone","value":"%s"},{"type":"app_account","value":"%s"}],
                 "traits":{"given_name":"Wei"}}""".formatted(phone, appAccount);
        String key = UUID.randomUUID().toString();

        String personId = as(partnerToken()).header("Idempotency-Key", key).body(signUp)
                .when().post("/v1/observations")
                .then().statusCode(200).body("outcome", equalTo("created")).extract().path("person.personId");
        platform.remember(personId);

        // a retry with the same key gets the first response again and writes nothing
        as(partnerToken()).header("Idempotency-Key", key).body(signUp)
                .when().post("/v1/observations")
                .then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("outcome", equalTo("created")).body("person.personId", equalTo(personId));

        // the same key with another body is refused
        as(partnerToken()).header("Idempotency-Key", key).body(signUp.replace("Wei", "Min"))
                .when().post("/v1/observations")
                .then().statusCode(422).contentType("application/problem+json")
                .body("reason", equalTo("IDEMPOTENCY_KEY_REUSED"));

        String dealerImport = """
                {"source":"dealer_crm:D001","identifiers":[{"type":"phone","value":"+86 %s"},
                 {"type":"dealer_crm_id","value":"CRM-%s","scope":"D001"}],
                 "vehicles":[{"vin":"LSVAU2180N2183294","role":"owner"}]}""".formatted(phone, phone);
        as(partnerToken()).header("Idempotency-Key", UUID.randomUUID().toString()).body(dealerImport)
                .when().post("/v1/observations")
                .then().statusCode(200).body("outcome", equalTo("attached")).body("person.personId", equalTo(personId));

        as(partnerToken()).when().get("/v1/persons/" + personId)
                .then().statusCode(200)
                .body("identifiers.type", hasItem("dealer_crm_id"))
                .body("traits.given_name.value", equalTo("Wei"))
                .body("vehicles[0].vin", equalTo("LSVAU2180N2183294"));

        assertEquals(3, Databases.count("identity", "select count(*) from person_identifier where person_id = ?", personId));
        assertEquals(2, Databases.count("identity", "select count(*) from observation where person_id = ?", personId));
    }

    @Test
    void refusalsComeBackAsProblemJsonAndWriteNothing() {
        String phone = "136" + String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L));
        given().baseUri(gateway).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{}").when().post("/v1/observations")
                .then().statusCode(401).contentType("application/problem+json");

        as(partnerToken()).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("""
                        {"source":"app","identifiers":[{"type":"phone","value":"%s"},{"type":"phone","value":"12"}]}"""
                        .formatted(phone))
                .when().post("/v1/observations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("reason", equalTo("INVALID_OBSERVATION"))
                .body("errors[0].field", equalTo("identifiers[1].value"));
        assertEquals(0, Databases.count("identity", "select count(*) from person_identifier where value = ?", "+86" + phone));

        as(partnerToken()).when().get("/v1/persons/" + UUID.randomUUID())
                .then().statusCode(404).body("reason", equalTo("PERSON_NOT_FOUND"));
    }
}
