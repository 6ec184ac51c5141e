package dev.chezhu.telematics.grpc;

import static dev.chezhu.telematics.grpc.TelemetryFixtures.append;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.integer;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.number;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.numbers;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.point;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.session;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.telematics.v1.Alert;
import dev.chezhu.telematics.v1.AlertRaised;
import dev.chezhu.telematics.v1.AlertState;
import dev.chezhu.telematics.v1.AlertType;
import dev.chezhu.telematics.v1.Datapoint;
import dev.chezhu.telematics.v1.ListAlertsRequest;
import dev.chezhu.telematics.v1.ListAlertsResponse;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc.TelematicsServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** Alerts raised by stored telemetry, with their events in the outbox, listed per vehicle. */
@QuarkusTest
class AlertsTest {

    private static final String VIN = TestCallers.OTHER_HEAD_UNIT_VIN;
    private static final String FL = "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure";
    private static final String CELLS = "Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages";

    @GrpcClient("telematics")
    TelematicsServiceBlockingStub telematics;

    @Inject
    DataSource db;

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void clean() throws SQLException {
        redis.key().del("telematics:alerts:" + VIN);
        try (Connection c = db.getConnection(); PreparedStatement delete = c.prepareStatement(
                "delete from telematics_alert where vin = ?")) {
            delete.setString(1, VIN);
            delete.executeUpdate();
        }
    }

    private void send(String session, long sequence, List<Datapoint> points) {
        telematics.withCallCredentials(TestCallers.otherHeadUnit()).appendTelemetry(append(VIN, session, sequence, points));
    }

    private ListAlertsResponse alerts(boolean openOnly) {
        return telematics.withCallCredentials(TestCallers.dealerD001()).listAlerts(ListAlertsRequest.newBuilder()
                .setParent("vehicles/" + VIN).setOpenOnly(openOnly).build());
    }

    private long outbox(String type, String alertId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement query = c.prepareStatement(
                "select payload from outbox_event where topic = 'telematics' and subject = ? and type = ?")) {
            query.setString(1, VIN);
            query.setString(2, type);
            long count = 0;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (type.endsWith("AlertRaised")) {
                        try {
                            count += AlertRaised.parseFrom(rows.getBytes(1)).getAlert().getAlertId().equals(alertId) ? 1 : 0;
                        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                            throw new IllegalStateException(e);
                        }
                    } else {
                        count++;
                    }
                }
            }
            return count;
        }
    }

    @Test
    void sustainedLowPressureRaisesOneAlertWithAnEventAndClearsWhenInflated() throws Exception {
        String session = session();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(3600);
        // flapping around the threshold for 10 minutes: no alert
        send(session, 1, IntStream.range(0, 60).mapToObj(i -> point(FL, integer(i % 2 == 0 ? 175 : 186),
                base.plusSeconds(10L * i))).toList());
        assertEquals(0, alerts(false).getAlertsCount());
        // low for two minutes, resent once (the resend must not raise a second alert)
        List<Datapoint> low = IntStream.range(0, 13).mapToObj(i -> point(FL, integer(150), base.plusSeconds(700 + 10L * i)))
                .toList();
        send(session, 2, low);
        send(session, 2, low);
        ListAlertsResponse open = alerts(true);
        assertEquals(1, open.getAlertsCount());
        Alert alert = open.getAlerts(0);
        assertEquals(AlertType.ALERT_TYPE_LOW_TYRE_PRESSURE, alert.getType());
        assertEquals("Row1.Left", alert.getSubject());
        assertEquals(AlertState.ALERT_STATE_OPEN, alert.getState());
        assertEquals(1, outbox("chezhu.telematics.v1.AlertRaised", alert.getAlertId()));

        send(session, 3, IntStream.range(0, 8).mapToObj(i -> point(FL, integer(240), base.plusSeconds(900 + 10L * i)))
                .toList());
        assertEquals(0, alerts(true).getAlertsCount());
        ListAlertsResponse all = alerts(false);
        assertEquals(1, all.getAlertsCount());
        assertEquals(AlertState.ALERT_STATE_CLEARED, all.getAlerts(0).getState());
        assertEquals(1, outbox("chezhu.telematics.v1.AlertCleared", null) >= 1 ? 1 : 0);
    }

    @Test
    void cellImbalanceDtcAndServiceDueAreRaisedAndListedNewestFirst() {
        String session = session();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(1800);
        List<Datapoint> points = new ArrayList<>();
        for (int i = 0; i <= 6; i++) {
            points.add(point(CELLS, numbers(3.70, 3.85, 3.71, 3.69), base.plusSeconds(60L * i)));
        }
        points.add(point("Vehicle.Diagnostics.DTCList", texts("P0A80"), base.plusSeconds(400)));
        points.add(point("Vehicle.Service.DistanceToService", number(420), base.plusSeconds(500)));
        send(session, 1, points);
        List<AlertType> types = alerts(true).getAlertsList().stream().map(Alert::getType).toList();
        assertEquals(List.of(AlertType.ALERT_TYPE_SERVICE_DUE, AlertType.ALERT_TYPE_DTC,
                AlertType.ALERT_TYPE_CELL_IMBALANCE), types);
    }

    @Test
    void aHeadUnitListsOnlyItsOwnAlertsAndPagesAreTokens() {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> telematics
                .withCallCredentials(TestCallers.headUnit()).listAlerts(ListAlertsRequest.newBuilder()
                        .setParent("vehicles/" + VIN).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());

        String session = session();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(600);
        send(session, 1, List.of(point("Vehicle.Diagnostics.DTCList", texts("P0001", "P0002", "P0003"), base)));
        ListAlertsResponse first = telematics.withCallCredentials(TestCallers.otherHeadUnit()).listAlerts(
                ListAlertsRequest.newBuilder().setParent("vehicles/" + VIN).setPageSize(2).build());
        assertEquals(2, first.getAlertsCount());
        ListAlertsResponse second = telematics.withCallCredentials(TestCallers.otherHeadUnit()).listAlerts(
                ListAlertsRequest.newBuilder().setParent("vehicles/" + VIN).setPageSize(2)
                        .setPageToken(first.getNextPageToken()).build());
        assertEquals(1, second.getAlertsCount());
        assertEquals("", second.getNextPageToken());
    }
}
