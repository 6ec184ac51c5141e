package dev.chezhu.telematics.grpc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Timestamp;

import dev.chezhu.telematics.domain.Alerts;
import dev.chezhu.telematics.domain.AppendCommand;
import dev.chezhu.telematics.domain.BatteryHealth;
import dev.chezhu.telematics.domain.ConsentDecision;
import dev.chezhu.telematics.domain.HistoryPage;
import dev.chezhu.telematics.domain.ServiceHistory;
import dev.chezhu.telematics.domain.ServiceHistoryVerifier;
import dev.chezhu.telematics.domain.ServiceVisit;
import dev.chezhu.telematics.domain.SignalHistory;
import dev.chezhu.telematics.events.TelematicsMessages;
import dev.chezhu.telematics.v1.BatteryHealthReport;
import dev.chezhu.telematics.v1.ConsentOutcome;
import dev.chezhu.telematics.v1.ListAlertsResponse;
import dev.chezhu.telematics.v1.QuerySignalHistoryRequest;
import dev.chezhu.telematics.v1.QuerySignalHistoryResponse;
import dev.chezhu.telematics.v1.SecondLifeGrade;
import dev.chezhu.telematics.v1.ServiceHistoryFinding;
import dev.chezhu.telematics.v1.ServiceVisitInput;
import dev.chezhu.telematics.v1.SignalAggregate;
import dev.chezhu.telematics.v1.StateOfHealthPoint;
import dev.chezhu.telematics.v1.StreamTelemetryResponse;
import dev.chezhu.telematics.v1.VerifyServiceHistoryResponse;
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
        return toCommand(request.getVehicle(), request.hasBatch(), request.getBatch());
    }

    static AppendCommand toCommand(String vehicle, boolean hasBatch, TelemetryBatch batch) {
        List<RawDatapoint> points = new ArrayList<>(batch.getDatapointsCount());
        for (Datapoint datapoint : batch.getDatapointsList()) {
            points.add(toRaw(datapoint));
        }
        return new AppendCommand(vehicle, hasBatch, batch.getSessionId(), batch.getSequence(), points);
    }

    static ConsentOutcome consent(ConsentDecision decision) {
        return decision == ConsentDecision.NOT_GRANTED ? ConsentOutcome.CONSENT_OUTCOME_NOT_GRANTED
                : ConsentOutcome.CONSENT_OUTCOME_GRANTED;
    }

    static StreamTelemetryResponse toStreamResponse(AppendResult result) {
        StreamTelemetryResponse.Builder response = StreamTelemetryResponse.newBuilder()
                .setSessionId(result.sessionId())
                .setSequence(result.sequence())
                .setAcknowledgedSequence(result.acknowledgedSequence())
                .setStoredCount(result.storedCount())
                .setDuplicate(result.duplicate())
                .setConsent(consent(result.consent()));
        for (Rejection rejection : result.rejected()) {
            response.addRejected(rejected(rejection));
        }
        return response.build();
    }

    static RejectedDatapoint rejected(Rejection rejection) {
        return RejectedDatapoint.newBuilder()
                .setIndex(rejection.index())
                .setSignal(rejection.signal())
                .setReason(rejection.reason().name())
                .setDescription(rejection.description())
                .build();
    }

    static Duration duration(com.google.protobuf.Duration wire) {
        return Duration.ofSeconds(wire.getSeconds(), wire.getNanos());
    }

    static SignalHistory.Query toQuery(QuerySignalHistoryRequest request) {
        return new SignalHistory.Query(request.getVehicle(), request.getSignal(),
                request.hasStartTime() ? toInstant(request.getStartTime()) : null,
                request.hasEndTime() ? toInstant(request.getEndTime()) : null,
                request.hasBucket() ? duration(request.getBucket()) : null,
                request.getPageSize(), request.getPageToken());
    }

    static QuerySignalHistoryResponse toWire(HistoryPage page) {
        QuerySignalHistoryResponse.Builder response = QuerySignalHistoryResponse.newBuilder()
                .setVehicle(VehicleName.of(page.vin()))
                .setSignal(page.signal())
                .setNextPageToken(page.nextPageToken());
        for (SignalReading reading : page.datapoints()) {
            response.addDatapoints(SignalState.newBuilder().setSignal(reading.signal()).setValue(toWire(reading.value()))
                    .setObserveTime(timestamp(reading.observedAt())));
        }
        for (dev.chezhu.telematics.domain.SignalAggregate bucket : page.aggregates()) {
            response.addAggregates(SignalAggregate.newBuilder().setStartTime(timestamp(bucket.start()))
                    .setMin(bucket.min()).setMax(bucket.max()).setAvg(bucket.avg()).setCount(bucket.count()));
        }
        return response.build();
    }

    static BatteryHealthReport toWire(BatteryHealth.Report report) {
        BatteryHealthReport.Builder wire = BatteryHealthReport.newBuilder()
                .setName(VehicleName.of(report.vin()) + "/batteryHealthReport")
                .setVin(report.vin())
                .setGenerateTime(timestamp(report.generatedAt()))
                .setStateOfHealthKnown(report.stateOfHealth() != null)
                .setStateOfHealthPercent(report.stateOfHealth() == null ? 0 : report.stateOfHealth())
                .setStateOfHealthSlopePerYear(report.slopePerYear())
                .setCellCount(report.cellCount())
                .setCellVoltageSpreadMv(report.spreadMv() == null ? 0 : report.spreadMv())
                .setCellVoltageStddevMv(report.stddevMv())
                .setMeanDailyCellSpreadMv(report.meanDailySpreadMv() == null ? 0 : report.meanDailySpreadMv())
                .setSecondLifeGrade(SecondLifeGrade.valueOf("SECOND_LIFE_GRADE_" + report.grade().name()))
                .setGradeRationale(report.rationale());
        for (dev.chezhu.telematics.domain.SignalAggregate day : report.sohTrend()) {
            wire.addStateOfHealthTrend(StateOfHealthPoint.newBuilder().setDay(timestamp(day.start()))
                    .setStateOfHealthPercent(day.avg()));
        }
        return wire.build();
    }

    static ListAlertsResponse toWire(Alerts.AlertPage page) {
        ListAlertsResponse.Builder response = ListAlertsResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.alerts().forEach(a -> response.addAlerts(TelematicsMessages.alert(a)));
        return response.build();
    }

    static ServiceHistory.VisitInput toVisitInput(ServiceVisitInput wire) {
        return new ServiceHistory.VisitInput(wire.getVisitDate(), wire.getOdometerKm(),
                wire.getWorkItemsList().stream().map(i -> new ServiceVisit.WorkItem(i.getCode(), i.getDescription()))
                        .toList(),
                wire.getPartsList().stream().map(p -> new ServiceVisit.Part(p.getPartNumber(), p.getDescription(),
                        p.getQuantity())).toList(),
                wire.getNotes());
    }

    static VerifyServiceHistoryResponse toWire(int count, List<ServiceHistoryVerifier.Finding> findings) {
        VerifyServiceHistoryResponse.Builder response = VerifyServiceHistoryResponse.newBuilder()
                .setValid(findings.isEmpty()).setRecordCount(count);
        findings.forEach(f -> response.addFindings(ServiceHistoryFinding.newBuilder().setIndex(f.index())
                .setReason(f.reason()).setDescription(f.description())));
        return response.build();
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
                .setDuplicate(result.duplicate())
                .setConsent(consent(result.consent()));
        for (Rejection rejection : result.rejected()) {
            response.addRejected(rejected(rejection));
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
