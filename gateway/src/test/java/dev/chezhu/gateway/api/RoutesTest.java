package dev.chezhu.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.gateway.backend.IdentityStandIn;
import dev.chezhu.gateway.backend.BackendCalls;
import dev.chezhu.recommendation.v1.UpdateAudioItemRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** What the routes add on top of the services: input checks, paging, faithful JSON and error mapping. */
@QuarkusTest
class RoutesTest {

    private static final String VIN = IdentityStandIn.SHARED_VIN;

    @Inject
    BackendCalls calls;

    private static RequestSpecification partner() {
        return given().auth().oauth2(Callers.partnerApp()).contentType(ContentType.JSON);
    }

    @Test
    void invalidQueryIsRefusedWithEveryFieldListed() {
        partner().when().get("/v1/vehicles/" + VIN + "/signal-history?startTime=yesterday&pageSize=5000")
                .then().statusCode(400).contentType("application/problem+json")
                .body("reason", equalTo("INVALID_REQUEST"))
                .body("errors.field", containsInAnyOrder("signal", "startTime", "endTime", "pageSize"));
        partner().when().get("/v1/vehicles/not-a-vin/state")
                .then().statusCode(400).body("errors[0].field", equalTo("vin"));
    }

    @Test
    void cursorPagingPassesThrough() {
        String next = partner().when()
                .get("/v1/vehicles/" + VIN + "/signal-history?signal=Vehicle.Speed&startTime=2026-11-24T00:00:00Z"
                        + "&endTime=2026-11-25T00:00:00Z&pageSize=1")
                .then().statusCode(200).body("datapoints[0].value", equalTo(1))
                .extract().path("nextPageToken");
        assertEquals("after-1", next);
        partner().queryParam("pageToken", next).when()
                .get("/v1/vehicles/" + VIN + "/signal-history?signal=Vehicle.Speed&startTime=2026-11-24T00:00:00Z"
                        + "&endTime=2026-11-25T00:00:00Z&pageSize=1")
                .then().statusCode(200).body("datapoints[0].value", equalTo(2)).body("nextPageToken", emptyString());
        partner().when().get("/v1/loyalty/accounts/p-app/entries?pageSize=1")
                .then().statusCode(200).body("nextPageToken", equalTo("e-2"));
    }

    @Test
    void certifiedHistoryVerifiesAfterTheJsonRoundTripAndTamperingIsFound() {
        Map<String, Object> report = partner().when().get("/v1/vehicles/" + VIN + "/service-history")
                .then().statusCode(200).body("records[0].visit.odometerKm", equalTo(15230))
                .extract().jsonPath().getMap("");
        partner().body(report).when().post("/v1/service-history-verifications")
                .then().statusCode(200).body("valid", equalTo(true)).body("recordCount", equalTo(1));

        String tampered = partner().when().get("/v1/vehicles/" + VIN + "/service-history").asString()
                .replace("15230", "5230");
        partner().body(tampered).when().post("/v1/service-history-verifications")
                .then().statusCode(200).body("valid", equalTo(false)).body("findings.reason", hasItem("HASH_MISMATCH"));
    }

    @Test
    void serviceFieldViolationsBecomeAList() {
        given().auth().oauth2(Callers.dealerSystemD001()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"code\":\"CZ-BAD\",\"billAmount\":1}")
                .when().post("/v1/coupon-redemptions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("reason", equalTo("INVALID_COUPON"))
                .body("errors[0].field", equalTo("bill_amount"));
    }

    @Test
    void malformedJsonIsAProblemNaming_theField() {
        given().auth().oauth2(Callers.dealerSystemD001()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"code\":\"CZ-1\",\"billAmount\":\"lots\"}")
                .when().post("/v1/coupon-redemptions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("reason", equalTo("INVALID_JSON")).body("errors[0].field", equalTo("billAmount"));
    }

    @Test
    void oversizedBodyIs413ProblemJson() {
        String big = "{\"qrPayload\":\"" + "x".repeat(300 * 1024) + "\"}";
        partner().body(big).when().post("/v1/coupon-qr-verifications")
                .then().statusCode(413).contentType("application/problem+json")
                .body("reason", equalTo("REQUEST_TOO_LARGE"));
    }

    @Test
    void catalogueChangeSendsOnlyTheNamedFields() {
        partner().body("{\"title\":\"Evening drive\",\"tags\":[\"commute\"],\"etag\":\"v1\"}")
                .when().patch("/v1/audio-items/morning-drive")
                .then().statusCode(200).body("itemId", equalTo("morning-drive"));
        UpdateAudioItemRequest update = calls.lastRequest("UpdateAudioItem");
        assertEquals(java.util.List.of("title", "tags"), update.getUpdateMask().getPathsList());
        assertEquals("v1", update.getAudioItem().getEtag());
    }
}
