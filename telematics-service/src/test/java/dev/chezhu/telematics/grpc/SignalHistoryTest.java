package dev.chezhu.telematics.grpc;

import static dev.chezhu.telematics.grpc.TelemetryFixtures.SOC;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.SPEED;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.append;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.number;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.numbers;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.point;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.session;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.timestamp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.telematics.persistence.TelemetryMaintenance;
import dev.chezhu.telematics.v1.BatteryHealthReport;
import dev.chezhu.telematics.v1.GetBatteryHealthReportRequest;
import dev.chezhu.telematics.v1.QuerySignalHistoryRequest;
import dev.chezhu.telematics.v1.QuerySignalHistoryResponse;
import dev.chezhu.telematics.v1.SecondLifeGrade;
import dev.chezhu.telematics.v1.SignalAggregate;
import dev.chezhu.telematics.v1.SignalState;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc.TelematicsServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** History queries (raw, buckets, paging), rollups, retention and the battery report, on the real database. */
@QuarkusTest
class SignalHistoryTest {

    private static final String VIN = TestCallers.HEAD_UNIT_VIN;

    @GrpcClient("telematics")
    TelematicsServiceBlockingStub telematics;

    @Inject
    TelemetryMaintenance maintenance;

    @Inject
    DataSource db;

    private TelematicsServiceBlockingStub dealer;

    /** One dealer token per test, fetched outside any assertThrows. */
    private TelematicsServiceBlockingStub dealer() {
        if (dealer == null) {
            dealer = telematics.withCallCredentials(TestCallers.dealerD001());
        }
        return dealer;
    }

    private static QuerySignalHistoryRequest.Builder query(String signal, Instant from, Instant to) {
        return QuerySignalHistoryRequest.newBuilder().setVehicle("vehicles/" + VIN).setSignal(signal)
                .setStartTime(timestamp(from)).setEndTime(timestamp(to));
    }

    private static com.google.protobuf.Duration seconds(long s) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(s).build();
    }

    @Test
    void rawHistoryIsPagedInObserveTimeOrderAndBucketsCarryMinMaxAvg() {
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3)).plusSeconds(7);
        // 250 speeds, one per 10 s, two at the same instant at the page boundary
        List<dev.chezhu.telematics.v1.Datapoint> points = new ArrayList<>(IntStream.range(0, 250)
                .mapToObj(i -> point(SPEED, number(i), base.plusSeconds(10L * i))).toList());
        points.add(point(SPEED, number(1000), base.plusSeconds(990)));
        telematics.withCallCredentials(TestCallers.headUnit()).appendTelemetry(append(VIN, session(), 1, points));

        Instant to = base.plusSeconds(2500);
        List<Double> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            QuerySignalHistoryResponse page = dealer().querySignalHistory(query(SPEED, base, to).setPageSize(100)
                    .setPageToken(token).build());
            page.getDatapointsList().stream().map(SignalState::getValue).forEach(v -> seen.add(v.getDoubleValue()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertEquals(3, pages);
        assertEquals(251, seen.size(), "every datapoint once, none skipped at the page boundaries");
        assertTrue(seen.containsAll(List.of(99.0, 1000.0, 100.0)));

        QuerySignalHistoryResponse buckets = dealer().querySignalHistory(query(SPEED, base, to)
                .setBucket(seconds(600)).setPageSize(2).build());
        assertEquals(2, buckets.getAggregatesCount());
        SignalAggregate first = buckets.getAggregates(0);
        assertEquals(0, first.getMin());
        assertEquals(59, first.getMax(), "the first 10-minute bucket (epoch aligned) holds speeds 0..59");
        assertEquals(29.5, first.getAvg(), 1e-9);
        assertEquals(60, first.getCount());
        QuerySignalHistoryResponse rest = dealer().querySignalHistory(query(SPEED, base, to).setBucket(seconds(600))
                .setPageSize(100).setPageToken(buckets.getNextPageToken()).build());
        long total = first.getCount() + buckets.getAggregates(1).getCount()
                + rest.getAggregatesList().stream().mapToLong(SignalAggregate::getCount).sum();
        assertEquals(251, total);
        assertEquals(1000, buckets.getAggregates(1).getMax(), "the second bucket holds the extra datapoint");
        assertEquals(249, rest.getAggregatesList().stream().mapToDouble(SignalAggregate::getMax).max().orElseThrow());
    }

    @Test
    void badQueriesAreRefusedWithFieldViolations() {
        Instant now = Instant.now();
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> dealer().querySignalHistory(
                QuerySignalHistoryRequest.newBuilder().setVehicle("vehicles/" + VIN).setSignal("Vehicle.Warp")
                        .setStartTime(timestamp(now)).setEndTime(timestamp(now.minusSeconds(1))).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertEquals(List.of("signal", "end_time"), ErrorDetails.badRequest(refused).orElseThrow()
                .getFieldViolationsList().stream().map(v -> v.getField()).toList());
        StatusRuntimeException array = assertThrows(StatusRuntimeException.class, () -> dealer().querySignalHistory(
                query("Vehicle.Diagnostics.DTCList", now.minusSeconds(60), now).setBucket(seconds(60)).build()));
        assertEquals("bucket", ErrorDetails.badRequest(array).orElseThrow().getFieldViolations(0).getField());
        StatusRuntimeException otherCar = assertThrows(StatusRuntimeException.class, () -> telematics
                .withCallCredentials(TestCallers.otherHeadUnit()).querySignalHistory(query(SPEED, now.minusSeconds(60),
                        now).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, otherCar.getStatus().getCode());
    }

    @Test
    void oldRawPartitionsAreDroppedWhileHourlyRollupsKeepTheHistory() throws Exception {
        // three days ago: past the test profile's 2-day raw retention
        Instant old = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS).plusSeconds(60);
        LocalDate day = LocalDate.ofInstant(old, ZoneOffset.UTC);
        maintenance.ensurePartition(day);
        String session = session();
        telematics.withCallCredentials(TestCallers.headUnit()).appendTelemetry(append(VIN, session, 1, IntStream
                .range(0, 120).mapToObj(i -> point(SOC, number(40 + i % 20), old.plusSeconds(30L * i))).toList()));
        assertEquals(120, rows("select count(*) from telemetry_datapoint where vin = ? and session_id = ?", session));

        maintenance.rollup(Instant.now().plusSeconds(1), old.minus(Duration.ofDays(1)));
        int dropped = maintenance.dropRawBefore(Instant.now().minus(Duration.ofDays(2)));
        assertTrue(dropped >= 1, "the day's partition was dropped");
        assertEquals(0, rows("select count(*) from telemetry_datapoint where vin = ? and session_id = ?", session));

        QuerySignalHistoryResponse hourly = dealer().querySignalHistory(query(SOC, old.minus(Duration.ofHours(1)),
                old.plus(Duration.ofHours(2))).setBucket(seconds(3600)).build());
        assertEquals(List.of(118L, 2L), hourly.getAggregatesList().stream().map(SignalAggregate::getCount).toList(),
                "one per 30 s from a minute past the hour: 118 in that hour, 2 in the next, from the rollups");
        assertEquals(40, hourly.getAggregates(0).getMin());
        assertEquals(59, hourly.getAggregates(0).getMax());
        StatusRuntimeException finer = assertThrows(StatusRuntimeException.class, () -> dealer().querySignalHistory(
                query(SOC, old, old.plusSeconds(600)).setBucket(seconds(60)).build()));
        assertEquals("bucket", ErrorDetails.badRequest(finer).orElseThrow().getFieldViolations(0).getField());
    }

    @Test
    void theBatteryReportGradesFromStateOfHealthAndCellSpread() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        telematics.withCallCredentials(TestCallers.headUnit()).appendTelemetry(append(VIN, session(), 1, List.of(
                point("Vehicle.Powertrain.TractionBattery.StateOfHealth", number(86.5), now.minusSeconds(30)),
                point("Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages", numbers(3.701, 3.712, 3.695, 3.705),
                        now.minusSeconds(20)))));
        BatteryHealthReport report = dealer().getBatteryHealthReport(GetBatteryHealthReportRequest.newBuilder()
                .setName("vehicles/" + VIN).setLookback(seconds(7 * 86_400)).build());
        assertTrue(report.getStateOfHealthKnown());
        assertEquals(86.5, report.getStateOfHealthPercent(), 1e-6);
        assertEquals(4, report.getCellCount());
        assertEquals(17, report.getCellVoltageSpreadMv(), 0.01);
        assertEquals(SecondLifeGrade.SECOND_LIFE_GRADE_A, report.getSecondLifeGrade(), report.getGradeRationale());
    }

    private long rows(String sql, String session) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, VIN);
            q.setString(2, session);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
