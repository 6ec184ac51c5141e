package dev.chezhu.gateway.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.auth.KeycloakTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** A client over its budget gets 429 problem+json with Retry-After; the budget lives in Redis. */
@QuarkusTest
class RateLimitTest {

    @Inject
    RedisDataSource redis;

    @Test
    void overBudgetIs429WithRetryAfter() {
        redis.key().keys("gateway:ratelimit:head-unit-2:*").forEach(k -> redis.key().del(k)); // a full bucket
        // the test profile gives head-unit-2 a burst of 3 and 0.2 requests/s
        String token = KeycloakTokens.local().clientToken("head-unit-2", "head-unit-2-secret");
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < 6; i++) {
            Response response = given().auth().oauth2(token).when().get("/v1/persons/anyone");
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        assertEquals(List.of(403, 403, 403), statuses.subList(0, 3), "within the burst the role check answers");
        assertTrue(statuses.subList(3, 6).stream().allMatch(s -> s == 429), "then the budget is spent: " + statuses);
        assertEquals("application/problem+json", limited.contentType());
        assertEquals("RATE_LIMITED", limited.jsonPath().getString("reason"));
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
    }
}
