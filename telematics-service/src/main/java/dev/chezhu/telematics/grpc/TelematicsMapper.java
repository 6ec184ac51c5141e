package dev.chezhu.telematics.grpc;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import dev.chezhu.telematics.domain.AppendCommand;
import dev.chezhu.telematics.domain.AppendResult;
import dev.chezhu.telematics.domain.RawDatapoint;
import dev.chezhu.telematics.domain.Rejection;
import dev.chezhu.telematics.domain.SignalReading;
import dev.chezhu.telematics.domain.TelemetryValue;
import dev.chezhu.telematics.domain.VehicleName;
import dev.chezhu.telematics.domain.VehicleSnapshot;
import dev.chezhu.telematics.v1.AppendTelemetryRequest;
import dev.chezhu.telematics.v1.AppendTelemetryResponse;
import dev.chezhu.telematics.v1.Datapoint;
import dev.chezhu.telematics.v1.DoubleArray;
import dev.chezhu.telematics.v1.RejectedDatapoint;
import dev.chezhu.telematics.v1.SignalState;
import dev.chezhu.telematics.v1.SignalValue;
import dev.chezhu.telematics.v1.StringArray;
import dev.chezhu.telematics.v1.TelemetryBatch;
import dev.chezhu.telematics.v1.VehicleState;

/** Wire types ↔ domain types. No decisions here beyond the mapping itself. */
final class TelematicsMapper {

    /** Range of a valid google.protobuf.Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private TelematicsMapper() {
    }

    static AppendCommand toCommand(AppendTelemetryRequest request) {
        TelemetryBatch batch = request.getBatch();
        return new AppendCommand(request.getVehicle(), request.hasBatch(), batch.getSessionId(), batch.getSequence(),
                batch.getDatapointsList().stream().map(TelematicsMapper::toRaw).toList());
    }

    static RawDatapoint toRaw(Datapoint datapoint) {
        return new RawDatapoint(datapoint.getSignal(), toDomain(datapoint.getValue()),
                datapoint.hasObserveTime() ? toInstant(datapoint.getObserveTime()) : null);
    }

    /** Null when no value is set. */
    static TelemetryValue toDomain(SignalValue value) {
        return switch (value.getValueCase()) {
            case DOUBLE_VALUE -> new TelemetryValue.NumberValue(value.getDoubleValue());
            case INT_VALUE -> new TelemetryValue.IntegerValue(value.getIntValue());
            case BOOL_VALUE -> new TelemetryValue.BooleanValue(value.getBoolValue());
            case STRING_VALUE -> new TelemetryValue.TextValue(value.getStringValue());
            case DOUBLE_ARRAY -> new TelemetryValue.NumberList(value.getDoubleArray().getValuesList());
            case STRING_ARRAY -> new TelemetryValue.TextList(value.getStringArray().getValuesList());
            case VALUE_NOT_SET -> null;
        };
    }

    static SignalValue toWire(TelemetryValue value) {
        SignalValue.Builder wire = SignalValue.newBuilder();
        if (value instanceof TelemetryValue.NumberValue v) {
            wire.setDoubleValue(v.value());
        } else if (value instanceof TelemetryValue.IntegerValue v) {
            wire.setIntValue(v.value());
        } else if (value instanceof TelemetryValue.BooleanValue v) {
            wire.setBoolValue(v.value());
        } else if (value instanceof TelemetryValue.TextValue v) {
            wire.setStringValue(v.value());
        } else if (value instanceof TelemetryValue.NumberList v) {
            wire.setDoubleArray(DoubleArray.newBuilder().addAllValues(v.values()));
        } else if (value instanceof TelemetryValue.TextList v) {
            wire.setStringArray(StringArray.newBuilder().addAllValues(v.values()));
        }
        return wire.build();
    }

    static AppendTelemetryResponse toResponse(AppendResult result) {
        AppendTelemetryResponse.Builder response = AppendTelemetryResponse.newBuilder()
                .setAcknowledgedSequence(result.acknowledgedSequence())
                .setStoredCount(result.storedCount())
                .setDuplicate(result.duplicate());
        for (Rejection rejection : result.rejected()) {
            response.addRejected(RejectedDatapoint.newBuilder()
                    .setIndex(rejection.index())
                    .setSignal(rejection.signal())
                    .setReason(rejection.reason().name())
                    .setDescription(rejection.description()));
        }
        return response.build();
    }

    static VehicleState toWire(VehicleSnapshot snapshot) {
        VehicleState.Builder state = VehicleState.newBuilder()
                .setName(VehicleName.stateOf(snapshot.vin()))
                .setVin(snapshot.vin())
                .setUpdateTime(timestamp(snapshot.updatedAt()));
        for (SignalReading reading : snapshot.signals()) {
            state.addSignals(SignalState.newBuilder()
                    .setSignal(reading.signal())
                    .setValue(toWire(reading.value()))
                    .setObserveTime(timestamp(reading.observedAt())));
        }
        return state.build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** An invalid Timestamp (nanos or seconds out of range) becomes {@link Instant#MIN}, which validation refuses. */
    static Instant toInstant(Timestamp timestamp) {
        if (timestamp.getNanos() < 0 || timestamp.getNanos() > 999_999_999 || timestamp.getSeconds() < MIN_SECONDS
                || timestamp.getSeconds() > MAX_SECONDS) {
            return Instant.MIN;
        }
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
