package dev.chezhu.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.telematics.v1.AppendTelemetryRequest;
import dev.chezhu.telematics.v1.AppendTelemetryResponse;
import dev.chezhu.telematics.v1.ConsentOutcome;
import dev.chezhu.telematics.v1.Datapoint;
import dev.chezhu.telematics.v1.SignalValue;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc.TelematicsServiceBlockingStub;
import dev.chezhu.telematics.v1.TelemetryBatch;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Flow 3, consent across services: the owner grants telemetry collection at the app (gateway →
 * identity), the car's telemetry is stored (head unit → telematics, which asks identity); the
 * owner revokes it, and from then on the car's datapoints are acknowledged but not stored.
 */
@QuarkusTest
class ConsentFlowTest {

    private static final String VIN = TestCallers.OTHER_HEAD_UNIT_VIN;

    @ConfigProperty(name = "chezhu.e2e.gateway-url")
    String gateway;

    @GrpcClient("telematics")
    TelematicsServiceBlockingStub telematics;

    @Inject
    Platform platform;

    /** The owner's refusal would decide the car's consent for the tests after this one. */
    @AfterEach
    void eraseTestPersons() {
        platform.eraseCreated();
    }

    private void consent(String partner, String personId, String state) {
        given().baseUri(gateway).auth().oauth2(partner).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("""
                        {"purpose":"telemetry_collection","state":"%s","source":"app"}""".formatted(state))
                .when().post("/v1/persons/" + personId + "/consents")
                .then().statusCode(200).body("record.state", equalTo(state));
    }

    private AppendTelemetryResponse send(String session, long sequence) {
        Instant now = Instant.now();
        return telematics.withCallCredentials(TestCallers.otherHeadUnit()).appendTelemetry(AppendTelemetryRequest
                .newBuilder()
                .setVehicle("vehicles/" + VIN)
                .setBatch(TelemetryBatch.newBuilder().setSessionId(session).setSequence(sequence)
                        .addDatapoints(Datapoint.newBuilder().setSignal("Vehicle.Speed")
                                .setValue(SignalValue.newBuilder().setDoubleValue(42))
                                .setObserveTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))))
                .build());
    }

    private static long storedRows() {
        return Databases.count("telematics", "select count(*) from telemetry_datapoint where vin = ?", VIN);
    }

    @Test
    void revokingTelemetryConsentStopsStorage() {
        String partner = TestCallers.KEYCLOAK.clientToken("partner-app", "partner-app-secret");
        String personId = given().baseUri(gateway).auth().oauth2(partner).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("""
                        {"source":"app","identifiers":[{"type":"app_account","value":"owner-%s"}],
                         "vehicles":[{"vin":"%s","role":"owner"}]}""".formatted(UUID.randomUUID(), VIN))
                .when().post("/v1/observations")
                .then().statusCode(200).extract().path("person.personId");
        platform.remember(personId);

        consent(partner, personId, "granted");
        String session = "boot-" + UUID.randomUUID();
        long before = storedRows();
        AppendTelemetryResponse granted = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
                .until(() -> send(session, 1), r -> r.getConsent() == ConsentOutcome.CONSENT_OUTCOME_GRANTED);
        assertEquals(1, granted.getStoredCount());
        assertEquals(before + 1, storedRows());

        consent(partner, personId, "revoked");
        long[] sequence = { 1 };
        AppendTelemetryResponse refused = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> send(session, ++sequence[0]),
                        r -> r.getConsent() == ConsentOutcome.CONSENT_OUTCOME_NOT_GRANTED);
        assertEquals(0, refused.getStoredCount(), "acknowledged but not stored");
        long afterRevoke = storedRows();
        AppendTelemetryResponse next = send(session, ++sequence[0]);
        assertEquals(ConsentOutcome.CONSENT_OUTCOME_NOT_GRANTED, next.getConsent());
        assertEquals(afterRevoke, storedRows(), "nothing stored after the revocation took effect");
    }
}
