package dev.chezhu.gateway.idempotency;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.gateway.api.Callers;
import dev.chezhu.identity.v1.PersonErased;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * An erasure reaches the gateway: the responses it keeps for Idempotency-Key replays hold names,
 * phones and coupon codes, and identity's PersonErased event makes it delete those about the person.
 */
@QuarkusTest
class ErasureListenerTest {

    @Inject
    RedisDataSource redis;

    private static Response publish(String personId, String key) {
        return given().auth().oauth2(Callers.partnerApp()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"personId\":\"" + personId + "\"}").when().post("/v1/campaigns/winter-check/coupons");
    }

    @Test
    void personErasedDeletesTheKeptResponsesAboutThatPersonOnly() throws Exception {
        String erased = "p-erased-" + UUID.randomUUID();
        String kept = "p-kept-" + UUID.randomUUID();
        String erasedKey = UUID.randomUUID().toString();
        String keptKey = UUID.randomUUID().toString();
        publish(erased, erasedKey).then().statusCode(200);
        publish(kept, keptKey).then().statusCode(200);
        publish(erased, erasedKey).then().statusCode(200).header("Idempotent-Replayed", "true");

        Map<String, byte[]> event = new LinkedHashMap<>();
        event.put("event_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        event.put("type", PersonErased.getDescriptor().getFullName().getBytes(StandardCharsets.UTF_8));
        event.put("source", "identity-service".getBytes(StandardCharsets.UTF_8));
        event.put("subject", ("persons/" + erased).getBytes(StandardCharsets.UTF_8));
        event.put("occurred_at", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        event.put("payload", PersonErased.newBuilder().setPersonId(erased).addErasedPersonIds(erased).build().toByteArray());
        redis.stream(String.class, String.class, byte[].class).xadd(ErasureListener.STREAM, event);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (redis.key().exists("gateway:idempotency:by-person:" + erased) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertFalse(redis.key().exists("gateway:idempotency:by-person:" + erased), "the erased person's index is gone");
        // the erased person's kept response is gone: the same key now runs the request again
        assertNull(publish(erased, erasedKey).then().statusCode(200).extract().header("Idempotent-Replayed"));
        // another person's kept response is untouched
        assertEquals("true", publish(kept, keptKey).then().statusCode(200).extract().header("Idempotent-Replayed"));
    }
}
