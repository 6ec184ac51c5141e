package dev.chezhu.telematics.grpc;

import static dev.chezhu.telematics.grpc.TelemetryFixtures.SOC;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.SPEED;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.batches;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.datapoints;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.integer;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.number;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.point;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.telematics.support.TestConsentGate;
import dev.chezhu.telematics.v1.ConsentOutcome;
import dev.chezhu.telematics.v1.Datapoint;
import dev.chezhu.telematics.v1.RejectedDatapoint;
import dev.chezhu.telematics.v1.StreamTelemetryResponse;
import dev.chezhu.telematics.v1.TelemetryBatch;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc.TelematicsServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** StreamTelemetry over real gRPC into the real PostgreSQL and Redis. */
@QuarkusTest
class StreamTelemetryTest {

    private static final String VIN = TestCallers.HEAD_UNIT_VIN;

    @GrpcClient("telematics")
    io.grpc.Channel channel;

    @GrpcClient("telematics")
    TelematicsServiceBlockingStub blocking;

    @Inject
    DataSource db;

    @Inject
    TestConsentGate consent;

    @AfterEach
    void reset() {
        consent.reset();
    }

    static TelemetryBatch batch(String session, long sequence, List<Datapoint> points) {
        return TelemetryBatch.newBuilder().setSessionId(session).setSequence(sequence).addAllDatapoints(points).build();
    }

    /** Fixed per test run, so that a batch rebuilt for a resend has the same content. */
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);

    static TelemetryBatch speeds(String session, long sequence, int count) {
        Instant base = BASE;
        return batch(session, sequence, IntStream.range(0, count)
                .mapToObj(i -> point(SPEED, number(i % 120), base.plusMillis(sequence * 1000 + i))).toList());
    }

    @Test
    void eachBatchIsAcknowledgedOnceStoredAndAResendAfterReconnectIsStoredOnce() throws Exception {
        String session = session();
        StreamClient first = StreamClient.open(dev.chezhu.telematics.v1.TelematicsServiceGrpc.newStub(channel), TestCallers.headUnit());
        for (long seq = 1; seq <= 5; seq++) {
            first.send(speeds(session, seq, 100));
        }
        for (long seq = 1; seq <= 5; seq++) {
            StreamTelemetryResponse ack = first.next();
            assertEquals(seq, ack.getSequence(), "answers come in order");
            assertEquals(seq, ack.getAcknowledgedSequence());
            assertEquals(100, ack.getStoredCount());
            assertEquals(ConsentOutcome.CONSENT_OUTCOME_GRANTED, ack.getConsent());
            assertFalse(ack.getDuplicate());
        }
        first.requests.cancel("connection lost", null);

        // the unit reconnects and resends from 3 (it did not trust the last acks), then goes on
        StreamClient second = StreamClient.open(dev.chezhu.telematics.v1.TelematicsServiceGrpc.newStub(channel), TestCallers.headUnit());
        for (long seq = 3; seq <= 7; seq++) {
            second.send("vehicles/" + VIN, speeds(session, seq, 100));
        }
        for (long seq = 3; seq <= 7; seq++) {
            StreamTelemetryResponse ack = second.next();
            assertEquals(seq <= 5, ack.getDuplicate(), "sequence " + seq);
            assertEquals(seq <= 5 ? 0 : 100, ack.getStoredCount());
            assertEquals(Math.max(5, seq), ack.getAcknowledgedSequence());
        }
        second.complete();
        assertEquals(Status.Code.OK, second.awaitClose(Duration.ofSeconds(10)).getCode());
        assertEquals(700, datapoints(db, VIN, session), "every datapoint exactly once");
        assertEquals(7, batches(db, VIN, session));
    }

    @Test
    void badInputIsAnsweredPerBatchAndTheStreamSurvives() throws Exception {
        String session = session();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        StreamClient client = StreamClient.open(dev.chezhu.telematics.v1.TelematicsServiceGrpc.newStub(channel), TestCallers.headUnit());

        client.send(batch(session, 1, List.of(
                point(SPEED, number(50), now),
                point(SPEED, number(Double.NaN), now),
                point(SPEED, integer(50), now),
                point(SPEED, number(50), now.plus(Duration.ofDays(365))),
                point("Vehicle.Warp.Factor", number(9), now),
                point(SOC, number(150), now))));
        StreamTelemetryResponse mixed = client.next();
        assertEquals(1, mixed.getStoredCount());
        assertEquals(List.of("NOT_FINITE", "WRONG_TYPE", "OBSERVE_TIME_IN_FUTURE", "UNKNOWN_SIGNAL", "OUT_OF_RANGE"),
                mixed.getRejectedList().stream().map(RejectedDatapoint::getReason).toList());
        assertEquals(1, mixed.getAcknowledgedSequence());

        client.send(batch(session, 2, Collections.nCopies(5001, point(SPEED, number(1), now))));
        StreamTelemetryResponse oversized = client.next();
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), oversized.getError().getCode());
        assertEquals(2, oversized.getSequence());
        assertEquals(1, oversized.getAcknowledgedSequence(), "a refused batch does not move the acknowledgement");
        assertEquals("batch.datapoints", oversized.getError().getDetailsList().stream()
                .filter(d -> d.is(BadRequest.class)).findFirst().orElseThrow()
                .unpack(BadRequest.class).getFieldViolations(0).getField());

        client.send(batch(session, 0, List.of(point(SPEED, number(1), now))));
        StreamTelemetryResponse zero = client.next();
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), zero.getError().getCode());
        assertEquals("INVALID_TELEMETRY_BATCH", zero.getError().getDetailsList().stream()
                .filter(d -> d.is(ErrorInfo.class)).findFirst().orElseThrow().unpack(ErrorInfo.class).getReason());

        client.send(batch(session, 1, List.of(point(SPEED, number(99), now))));
        StreamTelemetryResponse reused = client.next();
        assertEquals(Status.Code.ALREADY_EXISTS.value(), reused.getError().getCode());

        client.send(speeds(session, 3, 10));
        StreamTelemetryResponse good = client.next();
        assertEquals(10, good.getStoredCount());
        assertEquals(3, good.getAcknowledgedSequence());
        assertFalse(good.hasError());
        client.complete();
        assertEquals(Status.Code.OK, client.awaitClose(Duration.ofSeconds(10)).getCode());
        assertEquals(11, datapoints(db, VIN, session));
    }

    @Test
    void anotherVehicleEndsTheStreamWithPermissionDenied() throws Exception {
        String session = session();
        StreamClient client = StreamClient.open(dev.chezhu.telematics.v1.TelematicsServiceGrpc.newStub(channel), TestCallers.headUnit());
        client.send("vehicles/" + TestCallers.OTHER_HEAD_UNIT_VIN, speeds(session, 1, 5));
        Status closed = client.awaitClose(Duration.ofSeconds(10));
        assertEquals(Status.Code.PERMISSION_DENIED, closed.getCode());
        assertEquals("VEHICLE_NOT_ALLOWED", ErrorDetails.errorInfo(closed.getCause()).map(ErrorInfo::getReason).orElse(""));
        assertEquals(0, batches(db, TestCallers.OTHER_HEAD_UNIT_VIN, session));
    }

    @Test
    void onlyHeadUnitsStreamAndATokenIsRequired() throws Exception {
        assertEquals(Status.Code.UNAUTHENTICATED, StreamClient.open(dev.chezhu.telematics.v1.TelematicsServiceGrpc.newStub(channel), null).send(speeds(session(), 1, 1))
                .awaitClose(Duration.ofSeconds(10)).getCode());
        for (var caller : List.of(TestCallers.dealerD001(), TestCallers.partner(), TestCallers.platformAdmin())) {
            assertEquals(Status.Code.PERMISSION_DENIED, StreamClient.open(dev.chezhu.telematics.v1.TelematicsServiceGrpc.newStub(channel), caller)
                    .send("vehicles/" + VIN, speeds(session(), 1, 1)).awaitClose(Duration.ofSeconds(10)).getCode());
        }
    }

    @Test
    void withoutConsentBatchesAreAcknowledgedButNotStored() throws Exception {
        consent.withhold(VIN);
        String session = session();
        StreamClient client = StreamClient.open(dev.chezhu.telematics.v1.TelematicsServiceGrpc.newStub(channel), TestCallers.headUnit());
        TelemetryBatch once = speeds(session, 1, 20);
        client.send(once).send(once);
        StreamTelemetryResponse first = client.next();
        StreamTelemetryResponse resend = client.next();
        assertEquals(ConsentOutcome.CONSENT_OUTCOME_NOT_GRANTED, first.getConsent());
        assertEquals(0, first.getStoredCount());
        assertEquals(1, first.getAcknowledgedSequence(), "acknowledged: the unit may drop it");
        assertTrue(resend.getDuplicate());
        assertEquals(ConsentOutcome.CONSENT_OUTCOME_NOT_GRANTED, resend.getConsent());
        client.complete();
        assertEquals(0, datapoints(db, VIN, session));
        assertEquals(1, batches(db, VIN, session));

        var unary = blocking.withCallCredentials(TestCallers.headUnit()).appendTelemetry(
                TelemetryFixtures.append(VIN, session(), 1, List.of(point(SPEED, number(1), Instant.now()))));
        assertEquals(ConsentOutcome.CONSENT_OUTCOME_NOT_GRANTED, unary.getConsent());
        assertEquals(0, unary.getStoredCount());
    }

    @Test
    void whenConsentCannotBeCheckedNothingIsStoredOrAcknowledged() throws Exception {
        consent.unreachable(true);
        String session = session();
        StreamClient client = StreamClient.open(dev.chezhu.telematics.v1.TelematicsServiceGrpc.newStub(channel), TestCallers.headUnit());
        client.send(speeds(session, 1, 20));
        Status closed = client.awaitClose(Duration.ofSeconds(10));
        assertEquals(Status.Code.UNAVAILABLE, closed.getCode());
        assertTrue(client.answers.isEmpty());
        assertEquals(0, batches(db, VIN, session));

        StatusRuntimeException unary = assertThrows(StatusRuntimeException.class, () -> blocking
                .withCallCredentials(TestCallers.headUnit()).appendTelemetry(TelemetryFixtures.append(VIN, session, 1,
                        List.of(point(SPEED, number(1), Instant.now())))));
        assertEquals(Status.Code.UNAVAILABLE, unary.getStatus().getCode());
        assertEquals("CONSENT_UNVERIFIED", ErrorDetails.errorInfo(unary).orElseThrow().getReason());

        consent.unreachable(false);
        StreamClient later = StreamClient.open(dev.chezhu.telematics.v1.TelematicsServiceGrpc.newStub(channel), TestCallers.headUnit());
        later.send(speeds(session, 1, 20));
        assertEquals(20, later.next().getStoredCount(), "the resend after identity is back is stored");
        later.complete();
    }
}
