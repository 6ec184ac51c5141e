package dev.chezhu.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.google.protobuf.Timestamp;

import dev.chezhu.identity.v1.ErasePersonRequest;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc.RecommendationServiceBlockingStub;
import dev.chezhu.telematics.v1.AppendTelemetryRequest;
import dev.chezhu.telematics.v1.AppendTelemetryResponse;
import dev.chezhu.telematics.v1.Datapoint;
import dev.chezhu.telematics.v1.SignalValue;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc.TelematicsServiceBlockingStub;
import dev.chezhu.telematics.v1.TelemetryBatch;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * What the flow tests do to the running platform, as its real callers would: touchpoints and
 * consents through the gateway (a partner app, a dealer CRM), head units, dealers and the platform
 * team over gRPC with their own Keycloak tokens. It also remembers the persons a test created and
 * erases them afterwards: the realm has two head-unit VINs only, so every test that makes someone
 * their owner must leave the car without owners for the next one (a leftover owner's refusal would
 * decide the car's consent).
 */
@ApplicationScoped
public class Platform {

    /** Async effects (outbox relay → Redis Streams → consumer) arrive within this. */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    /** One call: a service that does not answer fails the test instead of hanging it. */
    private static final long CALL_DEADLINE_SECONDS = 20;

    @ConfigProperty(name = "chezhu.e2e.gateway-url")
    String gateway;

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @GrpcClient("telematics")
    TelematicsServiceBlockingStub telematics;

    @GrpcClient("recommendation")
    RecommendationServiceBlockingStub recommendation;

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    private final List<String> created = new ArrayList<>();

    static String partnerToken() {
        return TestCallers.KEYCLOAK.clientToken("partner-app", "partner-app-secret");
    }

    RequestSpecification asPartner() {
        return given().baseUri(gateway).auth().oauth2(partnerToken()).contentType(ContentType.JSON);
    }

    /** POST /v1/observations; the person is erased after the test. Answers person ID and outcome. */
    String[] observe(String json) {
        var answer = asPartner().header("Idempotency-Key", UUID.randomUUID().toString()).body(json)
                .when().post("/v1/observations")
                .then().statusCode(200).extract();
        String personId = answer.path("person.personId");
        remember(personId);
        return new String[] { personId, answer.path("outcome") };
    }

    void remember(String personId) {
        synchronized (created) {
            if (!created.contains(personId)) {
                created.add(personId);
            }
        }
    }

    /** A consent decision at the app: purpose telemetry_collection, marketing, personalisation ...; granted or revoked. */
    void consent(String personId, String purpose, String state) {
        asPartner().header("Idempotency-Key", UUID.randomUUID().toString())
                .body("""
                        {"purpose":"%s","state":"%s","source":"app"}""".formatted(purpose, state))
                .when().post("/v1/persons/" + personId + "/consents")
                .then().statusCode(200).body("record.state", equalTo(state));
    }

    IdentityServiceBlockingStub identity(io.grpc.CallCredentials as) {
        return identity.withCallCredentials(as).withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    TelematicsServiceBlockingStub telematics(io.grpc.CallCredentials as) {
        return telematics.withCallCredentials(as).withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    RecommendationServiceBlockingStub recommendation(io.grpc.CallCredentials as) {
        return recommendation.withCallCredentials(as).withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    LoyaltyServiceBlockingStub loyalty(io.grpc.CallCredentials as) {
        return loyalty.withCallCredentials(as).withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** The platform team erases a person (data-subject request). */
    void erase(String personId) {
        identity(TestCallers.platformAdmin()).erasePerson(ErasePersonRequest.newBuilder()
                .setRequestId("erase-" + UUID.randomUUID()).setName("persons/" + personId).build());
    }

    /** Erases every person this test created that is not erased yet (merged ones go with their survivor). */
    void eraseCreated() {
        List<String> ids;
        synchronized (created) {
            ids = List.copyOf(created);
            created.clear();
        }
        for (String id : ids) {
            try {
                erase(id);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                    throw e;
                }
            }
        }
    }

    /** One batch of numeric readings from the head unit of {@code vin} (one of the two in the realm). */
    AppendTelemetryResponse telemetry(String vin, String session, long sequence, Object... signalsAndValues) {
        Instant now = Instant.now();
        TelemetryBatch.Builder batch = TelemetryBatch.newBuilder().setSessionId(session).setSequence(sequence);
        for (int i = 0; i < signalsAndValues.length; i += 2) {
            Object value = signalsAndValues[i + 1];
            SignalValue.Builder v = SignalValue.newBuilder();
            if (value instanceof Boolean b) {
                v.setBoolValue(b);
            } else if (value instanceof Integer n) {
                v.setIntValue(n);
            } else if (value instanceof Long n) {
                v.setIntValue(n);
            } else {
                v.setDoubleValue(((Number) value).doubleValue());
            }
            batch.addDatapoints(Datapoint.newBuilder().setSignal((String) signalsAndValues[i]).setValue(v)
                    .setObserveTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano())));
        }
        var headUnit = vin.equals(TestCallers.HEAD_UNIT_VIN) ? TestCallers.headUnit() : TestCallers.otherHeadUnit();
        return telematics(headUnit).appendTelemetry(AppendTelemetryRequest.newBuilder()
                .setVehicle("vehicles/" + vin).setBatch(batch).build());
    }

    /** Polls until the condition holds (async effects: events relayed and consumed), failing after {@link #DEADLINE}. */
    static <T> T eventually(String what, Callable<T> supplier, Predicate<? super T> condition) {
        return await(what).atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).ignoreExceptionsMatching(Platform::retry)
                .until(supplier, condition);
    }

    static void eventually(String what, org.awaitility.core.ThrowingRunnable assertion) {
        await(what).atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).ignoreExceptionsMatching(Platform::retry)
                .untilAsserted(assertion);
    }

    /** UNAVAILABLE ("retry later", e.g. a dependency's deadline on a loaded machine) is worth another poll. */
    private static boolean retry(Throwable failure) {
        return failure instanceof StatusRuntimeException e && (e.getStatus().getCode() == Status.Code.UNAVAILABLE
                || e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED);
    }

    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A mobile number nobody else in the run has (137 + 8 random digits). */
    static String phone() {
        return "137" + String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L));
    }
}
