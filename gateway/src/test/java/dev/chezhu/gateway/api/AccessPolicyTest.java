package dev.chezhu.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.gateway.backend.BackendCalls;
import dev.chezhu.gateway.backend.IdentityStandIn;
import dev.chezhu.identity.v1.SearchPersonsRequest;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The access policy, one caller type at a time, with real Keycloak tokens: partner clients by scope,
 * dealer systems and dealer staff bound to their dealer, the platform team for everything. Every
 * refusal is checked to have happened before the service call it guards.
 */
@QuarkusTest
class AccessPolicyTest {

    private static final String SHARED_VIN = IdentityStandIn.SHARED_VIN;
    private static final String PRIVATE_VIN = IdentityStandIn.PRIVATE_VIN;
    private static final String VISIT = """
            {"visitDate":"2026-11-20","odometerKm":15230,"workItems":[{"code":"OIL_CHANGE"}]}""";

    @Inject
    BackendCalls calls;

    @Inject
    RedisDataSource redis;

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    // --- partner-app: every partner scope, no dealer

    @Test
    void partnerReadsAPersonAndTheTokenAndTraceReachTheService() {
        String token = Callers.partnerApp();
        as(token).when().get("/v1/persons/p-app")
                .then().statusCode(200).body("personId", equalTo("p-app"));
        assertEquals("Bearer " + token, calls.lastHeader("GetPerson", "authorization"),
                "the service authorises the real caller, not the gateway");
        assertNotNull(calls.lastHeader("GetPerson", "traceparent"), "the trace continues into the service");
    }

    @Test
    void partnerSeesVehicleDataOnlyWithTheOwnersSharingConsent() {
        as(Callers.partnerApp()).when()
                .get("/v1/vehicles/" + SHARED_VIN + "/signal-history?signal=Vehicle.Speed&startTime=2026-11-24T00:00:00Z&endTime=2026-11-25T00:00:00Z")
                .then().statusCode(200).body("signal", equalTo("Vehicle.Speed"));

        int before = calls.count("GetVehicleState");
        as(Callers.partnerApp()).when().get("/v1/vehicles/" + PRIVATE_VIN + "/state")
                .then().statusCode(403).contentType("application/problem+json")
                .body("reason", equalTo("CONSENT_REQUIRED"));
        assertEquals(before, calls.count("GetVehicleState"), "no vehicle data was read");
    }

    @Test
    void partnerCannotUseThePlatformTeamsRoutesNorTheDealerCounter() {
        as(Callers.partnerApp()).when().get("/v1/persons/p-app/export")
                .then().statusCode(403).body("reason", equalTo("ROLE_NOT_ALLOWED"));
        int before = calls.count("RedeemCoupon");
        as(Callers.partnerApp()).header("Idempotency-Key", key()).body("{\"code\":\"CZ-1\"}")
                .when().post("/v1/coupon-redemptions")
                .then().statusCode(403).body("reason", equalTo("DEALER_REQUIRED"));
        assertEquals(before, calls.count("RedeemCoupon"));
    }

    // --- partner-readonly: read scopes only

    @Test
    void readOnlyPartnerReadsButCannotWrite() {
        as(Callers.partnerReadonly()).when().get("/v1/loyalty/accounts/p-app")
                .then().statusCode(200).body("balance", equalTo(120));

        int published = calls.count("PublishCoupon");
        as(Callers.partnerReadonly()).header("Idempotency-Key", key()).body("{\"personId\":\"p-app\"}")
                .when().post("/v1/campaigns/winter-check/coupons")
                .then().statusCode(403).contentType("application/problem+json")
                .body("reason", equalTo("MISSING_SCOPE")).body("detail", containsString("coupons:publish"));
        as(Callers.partnerReadonly()).header("Idempotency-Key", key())
                .body("{\"itemId\":\"x-1\",\"title\":\"X\",\"kind\":\"talk\"}")
                .when().post("/v1/audio-items")
                .then().statusCode(403).body("detail", containsString("catalog:write"));
        assertEquals(published, calls.count("PublishCoupon"), "refused before any backend call");
    }

    // --- dealer-d001-crm: a dealer system, partner scopes plus dealer_id=D001

    @Test
    void dealerSystemRedeemsAtItsOwnDealerAndReadsItsOwnCustomers() {
        String token = Callers.dealerSystemD001();
        as(token).header("Idempotency-Key", key()).body("{\"code\":\"CZ-1\",\"billAmount\":68000,\"dealerId\":\"D001\"}")
                .when().post("/v1/coupon-redemptions")
                .then().statusCode(200).body("coupon.state", equalTo("redeemed"));
        as(token).when().get("/v1/persons/p-d001").then().statusCode(200);
        // the brand's own dealers need no third-party consent for a car in their workshop
        as(token).when().get("/v1/vehicles/" + PRIVATE_VIN + "/state").then().statusCode(200);
    }

    @Test
    void dealerSystemCannotActForAnotherDealer() {
        String token = Callers.dealerSystemD001();
        int redeemed = calls.count("RedeemCoupon");
        as(token).header("Idempotency-Key", key()).body("{\"code\":\"CZ-1\",\"dealerId\":\"D002\"}")
                .when().post("/v1/coupon-redemptions")
                .then().statusCode(403).contentType("application/problem+json").body("reason", equalTo("WRONG_DEALER"));
        assertEquals(redeemed, calls.count("RedeemCoupon"));

        as(token).when().get("/v1/persons/p-d002").then().statusCode(403).body("reason", equalTo("WRONG_DEALER"));
        as(token).when().get("/v1/loyalty/accounts/p-d002").then().statusCode(403).body("reason", equalTo("WRONG_DEALER"));
        // an unknown person answers like another dealer's: no probing who exists
        as(token).when().get("/v1/persons/nobody").then().statusCode(403).body("reason", equalTo("WRONG_DEALER"));
    }

    @Test
    void dealerSystemLacksThePublishAndCreditScopes() {
        as(Callers.dealerSystemD001()).header("Idempotency-Key", key()).body("{\"personId\":\"p-d001\"}")
                .when().post("/v1/campaigns/winter-check/coupons")
                .then().statusCode(403).body("reason", equalTo("MISSING_SCOPE"));
        as(Callers.dealerSystemD001()).header("Idempotency-Key", key())
                .body("{\"points\":100,\"reason\":\"SERVICE_VISIT\"}")
                .when().post("/v1/loyalty/accounts/p-d001/credits")
                .then().statusCode(403).body("detail", containsString("loyalty:write"));
    }

    // --- advisor.d001 / advisor.d002: dealer staff (people), realm role dealer, claim dealer_id

    @Test
    void advisorWorksForItsOwnDealer() {
        String token = Callers.advisorD001();
        as(token).when().get("/v1/persons/p-d001").then().statusCode(200);
        as(token).when().get("/v1/persons/p-d001/coupons").then().statusCode(200).body("coupons.size()", equalTo(1));
        as(token).header("Idempotency-Key", key()).body(VISIT)
                .when().post("/v1/vehicles/" + SHARED_VIN + "/service-records")
                .then().statusCode(200).body("record.visit.workItems[0].code", equalTo("OIL_CHANGE"));
        // whatever filter is asked for, a dealer lists its own leads
        as(token).when().get("/v1/leads").then().statusCode(200).body("leads[0].dealerId", equalTo("D001"));
    }

    @Test
    void dealerRelationsComeFromIdentityToo() {
        // p-lead is related to D001 only by identity's dealer_ids (a lead assigned to the dealer)
        as(Callers.advisorD001()).when().get("/v1/persons/p-lead").then().statusCode(200);
        as(Callers.advisorD002()).when().get("/v1/persons/p-lead").then().statusCode(403);
    }

    @Test
    void aDealersSearchIsLimitedToItsOwnDealer() {
        as(Callers.advisorD001()).when().get("/v1/person-searches?phone=13800138000")
                .then().statusCode(200).body("persons[0].personId", equalTo("p-d001"));
        SearchPersonsRequest asked = calls.lastRequest("SearchPersons");
        assertEquals("D001", asked.getDealerId(), "the dealer filter is forced to the caller's dealer");
        as(Callers.advisorD001()).when().get("/v1/person-searches?phone=13800138000&dealerId=D002")
                .then().statusCode(403).body("reason", equalTo("WRONG_DEALER"));
        as(Callers.admin()).when().get("/v1/person-searches?name=Wang&dealerId=D002").then().statusCode(200);
        assertEquals("D002", ((SearchPersonsRequest) calls.lastRequest("SearchPersons")).getDealerId());
        as(Callers.admin()).when().get("/v1/person-searches?name=Wang&phone=138")
                .then().statusCode(400).body("errors[0].field", equalTo("query"));
    }

    @Test
    void advisorCannotTouchAnotherDealersData() {
        as(Callers.advisorD002()).when().get("/v1/persons/p-d001")
                .then().statusCode(403).body("reason", equalTo("WRONG_DEALER"));
        as(Callers.advisorD002()).when().get("/v1/leads/l-d001")
                .then().statusCode(403).body("reason", equalTo("WRONG_DEALER"));
        int visits = calls.count("RecordServiceVisit");
        as(Callers.advisorD002()).header("Idempotency-Key", key())
                .body(VISIT.replace("{\"visitDate\"", "{\"dealerId\":\"D001\",\"visitDate\""))
                .when().post("/v1/vehicles/" + SHARED_VIN + "/service-records")
                .then().statusCode(403).body("reason", equalTo("WRONG_DEALER"));
        assertEquals(visits, calls.count("RecordServiceVisit"));
        as(Callers.advisorD001()).when().get("/v1/leads?dealerId=D002")
                .then().statusCode(403).body("reason", equalTo("WRONG_DEALER"));
    }

    @Test
    void advisorCannotUsePartnerOnlyRoutes() {
        as(Callers.advisorD001()).header("Idempotency-Key", key())
                .body("{\"itemId\":\"x-1\",\"title\":\"X\",\"kind\":\"talk\"}")
                .when().post("/v1/audio-items")
                .then().statusCode(403).body("reason", equalTo("ROLE_NOT_ALLOWED"));
        as(Callers.advisorD001()).when().post("/v1/persons/p-d001/erasure")
                .then().statusCode(403).body("reason", equalTo("ROLE_NOT_ALLOWED"));
    }

    // --- admin.platform: the platform team

    @Test
    void platformAdminReadsEveryDealersDataAndHandlesDataSubjectRequests() {
        String token = Callers.admin();
        as(token).when().get("/v1/persons/p-d002").then().statusCode(200);
        as(token).when().get("/v1/leads?dealerId=D002").then().statusCode(200).body("leads[0].dealerId", equalTo("D002"));
        as(token).when().get("/v1/persons/p-app/export")
                .then().statusCode(200)
                .body("sections", hasKey("identity-service"))
                .body("sections", hasKey("recommendation-service"))
                .body("sections.'identity-service'.personIds[0]", equalTo("p-app"));
        int erased = calls.count("ErasePerson");
        as(token).header("Idempotency-Key", key()).when().post("/v1/persons/p-app/erasure")
                .then().statusCode(200).body("erasedListeningEvents", equalTo(3));
        assertEquals(erased + 1, calls.count("ErasePerson"));
    }

    @Test
    void platformAdminIsNotADealerAtTheCounter() {
        as(Callers.admin()).header("Idempotency-Key", key()).body("{\"code\":\"CZ-1\"}")
                .when().post("/v1/coupon-redemptions")
                .then().statusCode(403).body("reason", equalTo("ROLE_NOT_ALLOWED"));
    }

    // --- no token

    @Test
    void everyRouteGroupNeedsAToken() {
        int before = calls.total();
        for (String path : List.of("/v1/persons/p-app", "/v1/vehicles/" + SHARED_VIN + "/alerts", "/v1/audio-items",
                "/v1/campaigns", "/v1/persons/p-app/export", "/v1/leads", "/v1/loyalty/accounts/p-app/entries")) {
            given().when().get(path).then().statusCode(401).contentType("application/problem+json")
                    .body("reason", equalTo("UNAUTHENTICATED"));
        }
        given().contentType(ContentType.JSON).header("Idempotency-Key", key()).body("{\"code\":\"CZ-1\"}")
                .when().post("/v1/coupon-redemptions").then().statusCode(401);
        assertEquals(before, calls.total(), "nothing reached a service");
    }

    // --- rate limit, for a dealer system

    @Test
    void dealerSystemOverItsBudgetGets429() {
        redis.key().keys("gateway:ratelimit:dealer-d002-crm:*").forEach(k -> redis.key().del(k));
        // the test profile gives dealer-d002-crm a burst of 3 and 0.2 requests/s
        String token = Callers.dealerSystemD002();
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < 5; i++) {
            Response response = as(token).when().get("/v1/persons/p-d002");
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        assertEquals(List.of(200, 200, 200), statuses.subList(0, 3), "within the burst: " + statuses);
        assertTrue(statuses.subList(3, 5).stream().allMatch(s -> s == 429), "then the budget is spent: " + statuses);
        assertEquals("application/problem+json", limited.contentType());
        assertEquals("RATE_LIMITED", limited.jsonPath().getString("reason"));
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
    }
}
