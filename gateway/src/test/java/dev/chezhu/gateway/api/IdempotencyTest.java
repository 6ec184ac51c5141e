package dev.chezhu.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.gateway.backend.BackendCalls;
import dev.chezhu.gateway.backend.IdentityStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** A retried state-changing POST returns the first response and has no second effect. */
@QuarkusTest
class IdempotencyTest {

    @Inject
    BackendCalls calls;

    private static Response post(String token, String path, String key, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post(path);
    }

    @Test
    void retriedRedemptionRedeemsOnce() {
        String key = UUID.randomUUID().toString();
        String body = "{\"code\":\"CZ-7\",\"billAmount\":68000}";
        int before = calls.count("RedeemCoupon");
        Response first = post(Callers.dealerSystemD001(), "/v1/coupon-redemptions", key, body);
        Response retry = post(Callers.dealerSystemD001(), "/v1/coupon-redemptions", key, body);
        first.then().statusCode(200);
        retry.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertEquals(first.asString(), retry.asString(), "the retry gets the first response");
        assertEquals(before + 1, calls.count("RedeemCoupon"), "one redemption");

        post(Callers.dealerSystemD001(), "/v1/coupon-redemptions", key, "{\"code\":\"CZ-8\"}")
                .then().statusCode(422).contentType("application/problem+json")
                .body("reason", equalTo("IDEMPOTENCY_KEY_REUSED"));
        assertEquals(before + 1, calls.count("RedeemCoupon"));
    }

    @Test
    void retriedServiceVisitAndPublicationHappenOnce() {
        String visit = """
                {"visitDate":"2026-11-21","odometerKm":16000,"workItems":[{"code":"TYRE_ROTATION"}]}""";
        String key = UUID.randomUUID().toString();
        int visits = calls.count("RecordServiceVisit");
        String path = "/v1/vehicles/" + IdentityStandIn.SHARED_VIN + "/service-records";
        String first = post(Callers.advisorD001(), path, key, visit).then().statusCode(200).extract().asString();
        String retry = post(Callers.advisorD001(), path, key, visit).then().statusCode(200).extract().asString();
        assertEquals(first, retry);
        assertEquals(visits + 1, calls.count("RecordServiceVisit"));

        String publishKey = UUID.randomUUID().toString();
        int published = calls.count("PublishCoupon");
        String coupon = post(Callers.partnerApp(), "/v1/campaigns/winter-check/coupons", publishKey,
                "{\"personId\":\"p-app\"}").then().statusCode(200).extract().path("coupon.code");
        post(Callers.partnerApp(), "/v1/campaigns/winter-check/coupons", publishKey, "{\"personId\":\"p-app\"}")
                .then().statusCode(200).body("coupon.code", equalTo(coupon));
        assertEquals(published + 1, calls.count("PublishCoupon"));
    }

    @Test
    void theSameKeyOfAnotherCallerIsAnotherRequest() {
        String key = UUID.randomUUID().toString();
        int before = calls.count("CreateAudioItem");
        String body = "{\"itemId\":\"i-" + key.substring(0, 8) + "\",\"title\":\"T\",\"kind\":\"music\"}";
        post(Callers.partnerApp(), "/v1/audio-items", key, body).then().statusCode(200);
        post(Callers.admin(), "/v1/audio-items", key, body).then().statusCode(200).header("Idempotent-Replayed",
                org.hamcrest.Matchers.nullValue());
        assertEquals(before + 2, calls.count("CreateAudioItem"));
    }
}
