package dev.chezhu.telematics.grpc;

import static dev.chezhu.telematics.grpc.TelemetryFixtures.CELLS;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.CHARGING;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.DTCS;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.FIX_TYPE;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.FRONT_LEFT_PRESSURE;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.LATITUDE;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.SOC;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.SPEED;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.append;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.batches;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.bool;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.count;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.datapoints;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.integer;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.number;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.numbers;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.point;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.session;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.text;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.texts;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.timestamp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.telematics.v1.AppendTelemetryRequest;
import dev.chezhu.telematics.v1.AppendTelemetryResponse;
import dev.chezhu.telematics.v1.Datapoint;
import dev.chezhu.telematics.v1.GetVehicleStateRequest;
import dev.chezhu.telematics.v1.RejectedDatapoint;
import dev.chezhu.telematics.v1.SignalState;
import dev.chezhu.telematics.v1.SignalValue;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc.TelematicsServiceBlockingStub;
import dev.chezhu.telematics.v1.VehicleState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** TelematicsService over real gRPC, against the real PostgreSQL, Redis and Keycloak. */
@QuarkusTest
class TelematicsGrpcServiceTest {

    private static final Logger LOG = Logger.getLogger(TelematicsGrpcServiceTest.class);
    private static final String VIN = TestCallers.HEAD_UNIT_VIN;

    @GrpcClient("telematics")
    TelematicsServiceBlockingStub telematics;

    @Inject
    DataSource db;

    @Inject
    RedisDataSource redis;

    private TelematicsServiceBlockingStub headUnit() {
        return telematics.withCallCredentials(TestCallers.headUnit());
    }

    private TelematicsServiceBlockingStub dealer() {
        return telematics.withCallCredentials(TestCallers.dealerD001());
    }

    private static GetVehicleStateRequest stateOf(String vin) {
        return GetVehicleStateRequest.newBuilder().setName("vehicles/" + vin).build();
    }

    private static Map<String, SignalState> bySignal(VehicleState state) {
        return state.getSignalsList().stream().collect(Collectors.toMap(SignalState::getSignal, Function.identity()));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @BeforeEach
    void forgetTheLiveStateOfTheTestVehicle() {
        redis.key().del("telematics:state:" + VIN);
    }

    @Test
    void storedDatapointsBecomeTheVehicleStateForEveryReader() {
        Instant at = now().minusSeconds(10);
        String session = session();
        List<Datapoint> points = List.of(
                point(SPEED, number(87.5), at),
                point(SOC, number(64.2), at),
                point(CELLS, numbers(3.71, 3.72, 3.69), at),
                point(DTCS, texts("P0301", "U0100"), at),
                point(FRONT_LEFT_PRESSURE, integer(240), at),
                point(CHARGING, bool(false), at),
                point(FIX_TYPE, text("THREE_D"), at),
                point(LATITUDE, number(31.2304), at));

        AppendTelemetryResponse response = headUnit().appendTelemetry(append(VIN, session, 1, points));
        assertEquals(8, response.getStoredCount());
        assertEquals(1, response.getAcknowledgedSequence());
        assertFalse(response.getDuplicate());
        assertEquals(List.of(), response.getRejectedList());
        assertEquals(8, datapoints(db, VIN, session));
        assertEquals(8, count(db, "telemetry_datapoint_p" + java.time.format.DateTimeFormatter.BASIC_ISO_DATE
                .format(at.atZone(java.time.ZoneOffset.UTC).toLocalDate()), VIN, session), "rows land in their day's partition");

        for (var reader : List.of(TestCallers.headUnit(), TestCallers.dealerD002(), TestCallers.partner(),
                TestCallers.service("loyalty-service"), TestCallers.platformAdmin())) {
            VehicleState state = telematics.withCallCredentials(reader).getVehicleState(stateOf(VIN));
            assertEquals("vehicles/" + VIN + "/state", state.getName());
            assertEquals(VIN, state.getVin());
            Map<String, SignalState> signals = bySignal(state);
            assertEquals(8, signals.size());
            for (Datapoint sent : points) {
                SignalState kept = signals.get(sent.getSignal());
                assertEquals(sent.getValue(), kept.getValue(), sent.getSignal());
                assertEquals(timestamp(at), kept.getObserveTime(), sent.getSignal());
            }
            assertTrue(state.getUpdateTime().getSeconds() >= at.getEpochSecond());
        }
        // the state's own name is accepted as well
        assertEquals(VIN, dealer().getVehicleState(GetVehicleStateRequest.newBuilder()
                .setName("vehicles/" + VIN + "/state").build()).getVin());
    }

    @Test
    void aResentBatchIsStoredOnce() {
        String session = session();
        AppendTelemetryRequest request = append(VIN, session, 1, List.of(point(SPEED, number(50), now()),
                point(SOC, number(70), now())));
        AppendTelemetryResponse first = headUnit().appendTelemetry(request);
        AppendTelemetryResponse again = headUnit().appendTelemetry(request);
        assertFalse(first.getDuplicate());
        assertEquals(2, first.getStoredCount());
        assertTrue(again.getDuplicate());
        assertEquals(0, again.getStoredCount());
        assertEquals(1, again.getAcknowledgedSequence());
        assertEquals(2, datapoints(db, VIN, session));
        assertEquals(1, batches(db, VIN, session));
    }

    @Test
    void aMixedBatchStoresTheValidDatapointsAndReportsTheOthers() {
        String session = session();
        Instant at = now();
        AppendTelemetryResponse response = headUnit().appendTelemetry(append(VIN, session, 1, List.of(
                point(SPEED, number(42), at),
                point("Vehicle.OBD.DTCList", texts("P0301"), at),
                point(SOC, number(120), at),
                point(SPEED, integer(42), at),
                point(LATITUDE, number(Double.NaN), at),
                point(FRONT_LEFT_PRESSURE, integer(250), at.plus(Duration.ofMinutes(10))),
                Datapoint.newBuilder().setSignal(SPEED).setValue(number(1)).build(),
                point(CELLS, numbers(3.7, 3.8), at))));

        assertEquals(2, response.getStoredCount());
        assertEquals(List.of(1, 2, 3, 4, 5, 6),
                response.getRejectedList().stream().map(RejectedDatapoint::getIndex).toList());
        assertEquals(List.of("UNKNOWN_SIGNAL", "OUT_OF_RANGE", "WRONG_TYPE", "NOT_FINITE", "OBSERVE_TIME_IN_FUTURE",
                "MISSING_OBSERVE_TIME"), response.getRejectedList().stream().map(RejectedDatapoint::getReason).toList());
        assertEquals("Vehicle.OBD.DTCList", response.getRejected(0).getSignal());
        assertTrue(response.getRejected(1).getDescription().contains("within [0, 100] percent"),
                response.getRejected(1).getDescription());
        assertEquals(2, datapoints(db, VIN, session));

        Map<String, SignalState> state = bySignal(dealer().getVehicleState(stateOf(VIN)));
        assertEquals(Map.of(SPEED, number(42), CELLS, numbers(3.7, 3.8)),
                state.values().stream().collect(Collectors.toMap(SignalState::getSignal, SignalState::getValue)));
    }

    @Test
    void theStateKeepsTheNewestObservationWhateverTheArrivalOrder() {
        String session = session();
        Instant newer = now();
        headUnit().appendTelemetry(append(VIN, session, 1, List.of(point(SPEED, number(80), newer))));
        headUnit().appendTelemetry(append(VIN, session, 2, List.of(point(SPEED, number(10), newer.minusSeconds(60)),
                point(SOC, number(55), newer.minusSeconds(60)))));

        Map<String, SignalState> state = bySignal(dealer().getVehicleState(stateOf(VIN)));
        assertEquals(number(80), state.get(SPEED).getValue(), "the late, older datapoint did not win");
        assertEquals(timestamp(newer), state.get(SPEED).getObserveTime());
        assertEquals(number(55), state.get(SOC).getValue());
        assertEquals(3, datapoints(db, VIN, session), "history keeps both speeds");
    }

    @Test
    void theAcknowledgedSequenceIsTheHighestStoredOfTheSession() {
        String session = session();
        Function<Long, AppendTelemetryResponse> send = sequence -> headUnit().appendTelemetry(
                append(VIN, session, sequence, List.of(point(SPEED, number(sequence), now()))));
        assertEquals(1, send.apply(1L).getAcknowledgedSequence());
        assertEquals(3, send.apply(3L).getAcknowledgedSequence());
        assertEquals(3, send.apply(2L).getAcknowledgedSequence(), "a late batch 2 does not lower the acknowledgement");
        assertEquals(1, headUnit().appendTelemetry(append(VIN, session(), 1,
                List.of(point(SPEED, number(1), now())))).getAcknowledgedSequence(), "sessions are counted apart");
    }

    @Test
    void aSequenceReusedForOtherDatapointsIsRefused() {
        String session = session();
        Instant at = now();
        headUnit().appendTelemetry(append(VIN, session, 1, List.of(point(SPEED, number(50), at))));
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> headUnit().appendTelemetry(
                append(VIN, session, 1, List.of(point(SPEED, number(51), at)))));
        assertEquals(Status.Code.ALREADY_EXISTS, refused.getStatus().getCode());
        assertEquals("BATCH_SEQUENCE_REUSED", ErrorDetails.errorInfo(refused).orElseThrow().getReason());
        assertEquals(1, datapoints(db, VIN, session));
        assertEquals(number(50), bySignal(dealer().getVehicleState(stateOf(VIN))).get(SPEED).getValue());
    }

    @Test
    void aResendRestoresAStateUpdateLostAfterTheCommit() {
        String session = session();
        AppendTelemetryRequest request = append(VIN, session, 1, List.of(point(SOC, number(33), now())));
        headUnit().appendTelemetry(request);
        redis.key().del("telematics:state:" + VIN);
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
                () -> dealer().getVehicleState(stateOf(VIN))).getStatus().getCode());

        assertTrue(headUnit().appendTelemetry(request).getDuplicate());
        assertEquals(number(33), bySignal(dealer().getVehicleState(stateOf(VIN))).get(SOC).getValue());
        assertEquals(1, datapoints(db, VIN, session));
    }

    @Test
    void aFullBatchOfFiveThousandIsStoredAndOneMoreIsRefused() {
        String session = session();
        Instant start = now().minusSeconds(600);
        List<Datapoint> full = IntStream.range(0, 5000)
                .mapToObj(i -> point(i % 2 == 0 ? SPEED : SOC, number(i % 100), start.plusMillis(100L * i)))
                .toList();
        long began = System.nanoTime();
        AppendTelemetryResponse stored = headUnit().appendTelemetry(append(VIN, session, 1, full));
        long millis = (System.nanoTime() - began) / 1_000_000;
        LOG.infof("AppendTelemetry of 5000 datapoints took %d ms (first call of this batch size)", millis);
        assertEquals(5000, stored.getStoredCount());
        assertEquals(5000, datapoints(db, VIN, session));

        List<Datapoint> oversized = new ArrayList<>(full);
        oversized.add(point(SPEED, number(1), start));
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> headUnit().appendTelemetry(append(VIN, session, 2, oversized)));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        BadRequest.FieldViolation violation = ErrorDetails.badRequest(refused).orElseThrow().getFieldViolations(0);
        assertEquals("batch.datapoints", violation.getField());
        assertEquals("at most 5000 datapoints per batch, got 5001", violation.getDescription());
        assertEquals(1, batches(db, VIN, session), "the oversized batch left no trace");
    }

    @Test
    void aMalformedBatchIsRefusedWithEveryFieldViolation() {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> headUnit().appendTelemetry(
                append(VIN, "", 0, List.of())));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        ErrorInfo info = ErrorDetails.errorInfo(refused).orElseThrow();
        assertEquals("INVALID_TELEMETRY_BATCH", info.getReason());
        assertEquals(ErrorDetails.DOMAIN, info.getDomain());
        assertEquals(List.of("batch.session_id", "batch.sequence", "batch.datapoints"),
                ErrorDetails.badRequest(refused).orElseThrow().getFieldViolationsList().stream()
                        .map(BadRequest.FieldViolation::getField).toList());

        StatusRuntimeException noBatch = assertThrows(StatusRuntimeException.class, () -> headUnit().appendTelemetry(
                AppendTelemetryRequest.newBuilder().setVehicle("vehicles/" + VIN).build()));
        assertEquals(List.of("batch"), ErrorDetails.badRequest(noBatch).orElseThrow().getFieldViolationsList().stream()
                .map(BadRequest.FieldViolation::getField).toList());
    }

    @Test
    void anUnknownVehicleIsNotFoundAndAMalformedNameIsInvalid() {
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> dealer().getVehicleState(stateOf("WVWZZZ1JZXW000001")));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        assertEquals("VEHICLE_STATE_NOT_FOUND", ErrorDetails.errorInfo(missing).orElseThrow().getReason());

        for (String name : List.of("vehicles/short", "cars/" + VIN, "")) {
            StatusRuntimeException malformed = assertThrows(StatusRuntimeException.class,
                    () -> dealer().getVehicleState(GetVehicleStateRequest.newBuilder().setName(name).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode(), name);
            assertEquals("name", ErrorDetails.badRequest(malformed).orElseThrow().getFieldViolations(0).getField());
        }
    }

    @Test
    void concurrentResendsOfOneBatchAreStoredOnce() throws Exception {
        String session = session();
        Instant at = now();
        AppendTelemetryRequest request = append(VIN, session, 1, IntStream.range(0, 200)
                .mapToObj(i -> point(i % 2 == 0 ? SPEED : SOC, number(i % 100), at.minusMillis(i))).toList());
        int senders = 8;
        TelematicsServiceBlockingStub stub = headUnit();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<AppendTelemetryResponse>> calls = IntStream.range(0, senders)
                    .<Callable<AppendTelemetryResponse>> mapToObj(i -> () -> {
                        start.await();
                        return stub.appendTelemetry(request);
                    }).toList();
            List<Future<AppendTelemetryResponse>> futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            List<AppendTelemetryResponse> responses = new ArrayList<>();
            for (Future<AppendTelemetryResponse> future : futures) {
                responses.add(future.get());
            }
            assertEquals(1, responses.stream().filter(r -> !r.getDuplicate()).count(), "exactly one sender stored it");
            assertEquals(200, responses.stream().mapToInt(AppendTelemetryResponse::getStoredCount).sum());
            assertTrue(responses.stream().allMatch(r -> r.getAcknowledgedSequence() == 1));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, datapoints(db, VIN, session));
        assertEquals(1, batches(db, VIN, session));
    }

    @Test
    void concurrentBatchesOfOneVehicleLeaveTheNewestState() throws Exception {
        String session = session();
        Instant base = now().minusSeconds(60);
        int batches = 12;
        TelematicsServiceBlockingStub stub = headUnit();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            // newest first: a last-writer-wins state would end with one of the older values
            List<Callable<AppendTelemetryResponse>> calls = IntStream.range(0, batches).map(i -> batches - 1 - i)
                    .<Callable<AppendTelemetryResponse>> mapToObj(i -> () -> stub.appendTelemetry(append(VIN, session,
                            i + 1, List.of(point(SPEED, number(i), base.plusSeconds(i))))))
                    .toList();
            for (Future<AppendTelemetryResponse> response : pool.invokeAll(calls)) {
                assertEquals(1, response.get().getStoredCount());
            }
        } finally {
            pool.shutdownNow();
        }
        SignalState speed = bySignal(dealer().getVehicleState(stateOf(VIN))).get(SPEED);
        assertEquals(number(batches - 1), speed.getValue());
        assertEquals(timestamp(base.plusSeconds(batches - 1)), speed.getObserveTime());
    }

    @Test
    void aLowerCaseVinIsTheSameVehicle() {
        String session = session();
        headUnit().appendTelemetry(AppendTelemetryRequest.newBuilder(append(VIN, session, 1,
                List.of(point(SPEED, number(12), now())))).setVehicle("vehicles/" + VIN.toLowerCase()).build());
        assertEquals(1, datapoints(db, VIN, session));
        assertEquals(SignalValue.newBuilder().setDoubleValue(12).build(),
                bySignal(headUnit().getVehicleState(stateOf(VIN.toLowerCase()))).get(SPEED).getValue());
    }
}
