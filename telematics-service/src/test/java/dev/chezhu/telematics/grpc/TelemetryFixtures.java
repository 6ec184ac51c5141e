package dev.chezhu.telematics.grpc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.google.protobuf.Timestamp;

import dev.chezhu.telematics.v1.AppendTelemetryRequest;
import dev.chezhu.telematics.v1.Datapoint;
import dev.chezhu.telematics.v1.DoubleArray;
import dev.chezhu.telematics.v1.SignalValue;
import dev.chezhu.telematics.v1.StringArray;
import dev.chezhu.telematics.v1.TelemetryBatch;

/** Builders for telemetry requests and row counts straight from PostgreSQL (JDBC, test thread only). */
final class TelemetryFixtures {

    static final String SPEED = "Vehicle.Speed";
    static final String SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current";
    static final String CELLS = "Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages";
    static final String DTCS = "Vehicle.Diagnostics.DTCList";
    static final String FRONT_LEFT_PRESSURE = "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure";
    static final String CHARGING = "Vehicle.Powertrain.TractionBattery.Charging.IsCharging";
    static final String FIX_TYPE = "Vehicle.CurrentLocation.GNSSReceiver.FixType";
    static final String LATITUDE = "Vehicle.CurrentLocation.Latitude";

    private TelemetryFixtures() {
    }

    static String session() {
        return "boot-" + UUID.randomUUID();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Datapoint point(String signal, SignalValue value, Instant at) {
        return Datapoint.newBuilder().setSignal(signal).setValue(value).setObserveTime(timestamp(at)).build();
    }

    static SignalValue number(double value) {
        return SignalValue.newBuilder().setDoubleValue(value).build();
    }

    static SignalValue integer(long value) {
        return SignalValue.newBuilder().setIntValue(value).build();
    }

    static SignalValue bool(boolean value) {
        return SignalValue.newBuilder().setBoolValue(value).build();
    }

    static SignalValue text(String value) {
        return SignalValue.newBuilder().setStringValue(value).build();
    }

    static SignalValue numbers(Double... values) {
        return SignalValue.newBuilder().setDoubleArray(DoubleArray.newBuilder().addAllValues(List.of(values))).build();
    }

    static SignalValue texts(String... values) {
        return SignalValue.newBuilder().setStringArray(StringArray.newBuilder().addAllValues(List.of(values))).build();
    }

    static AppendTelemetryRequest append(String vin, String session, long sequence, List<Datapoint> datapoints) {
        return AppendTelemetryRequest.newBuilder()
                .setVehicle("vehicles/" + vin)
                .setBatch(TelemetryBatch.newBuilder().setSessionId(session).setSequence(sequence)
                        .addAllDatapoints(datapoints))
                .build();
    }

    /** Rows of a table for one vehicle's session. */
    static long count(DataSource db, String table, String vin, String session) {
        try (Connection connection = db.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select count(*) from " + table + " where vin = ? and session_id = ?")) {
            query.setString(1, vin);
            query.setString(2, session);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long datapoints(DataSource db, String vin, String session) {
        return count(db, "telemetry_datapoint", vin, session);
    }

    static long batches(DataSource db, String vin, String session) {
        return count(db, "telemetry_batch", vin, session);
    }
}
