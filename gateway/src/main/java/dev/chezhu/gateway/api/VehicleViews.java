package dev.chezhu.gateway.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.chezhu.telematics.v1.Alert;
import dev.chezhu.telematics.v1.BatteryHealthReport;
import dev.chezhu.telematics.v1.ServiceHistoryFinding;
import dev.chezhu.telematics.v1.ServiceHistoryReport;
import dev.chezhu.telematics.v1.ServicePart;
import dev.chezhu.telematics.v1.ServiceRecord;
import dev.chezhu.telematics.v1.ServiceVisitInput;
import dev.chezhu.telematics.v1.ServiceWorkItem;
import dev.chezhu.telematics.v1.SignalAggregate;
import dev.chezhu.telematics.v1.SignalState;
import dev.chezhu.telematics.v1.SignalValue;
import dev.chezhu.telematics.v1.VehicleState;

/** JSON shapes of the telematics resources. */
public final class VehicleViews {

    private VehicleViews() {
    }

    public record SignalView(@Schema(example = "Vehicle.Speed") String signal,
            @Schema(description = "number, integer, boolean, string or an array of them", example = "62.5") Object value,
            Instant observeTime) {

        static SignalView from(SignalState s) {
            return new SignalView(s.getSignal(), VehicleViews.value(s.getValue()), Json.instant(s.getObserveTime()));
        }
    }

    public record VehicleStateView(String name, String vin, List<SignalView> signals, Instant updateTime) {

        static VehicleStateView from(VehicleState state) {
            return new VehicleStateView(state.getName(), state.getVin(),
                    state.getSignalsList().stream().map(SignalView::from).toList(), Json.instant(state.getUpdateTime()));
        }
    }

    static Object value(SignalValue value) {
        return switch (value.getValueCase()) {
            case DOUBLE_VALUE -> value.getDoubleValue();
            case INT_VALUE -> value.getIntValue();
            case BOOL_VALUE -> value.getBoolValue();
            case STRING_VALUE -> value.getStringValue();
            case DOUBLE_ARRAY -> value.getDoubleArray().getValuesList();
            case STRING_ARRAY -> value.getStringArray().getValuesList();
            case VALUE_NOT_SET -> null;
        };
    }

    public record AggregateView(Instant startTime, double min, double max, double avg, long count) {

        static AggregateView from(SignalAggregate a) {
            return new AggregateView(Json.instant(a.getStartTime()), a.getMin(), a.getMax(), a.getAvg(), a.getCount());
        }
    }

    @Schema(description = "Raw datapoints (no bucket asked for) or one aggregate per bucket, oldest first")
    public record SignalHistoryView(String vehicle, String signal, List<SignalView> datapoints,
            List<AggregateView> aggregates, @Schema(description = "Empty on the last page") String nextPageToken) {
    }

    public record AlertView(String name, String alertId, String vin,
            @Schema(example = "cell_imbalance", description = "service_due, dtc, low_tyre_pressure, cell_imbalance") String type,
            String subject, @Schema(example = "open") String state, String description, double triggerValue,
            Instant raiseTime, Instant clearTime) {

        static AlertView from(Alert a) {
            return new AlertView(a.getName(), a.getAlertId(), a.getVin(), Json.enumName(a.getType(), "ALERT_TYPE_"),
                    a.getSubject(), Json.enumName(a.getState(), "ALERT_STATE_"), a.getDescription(), a.getTriggerValue(),
                    Json.instant(a.getRaiseTime()), Json.instant(a.getClearTime()));
        }
    }

    public record AlertsView(List<AlertView> alerts, String nextPageToken) {
    }

    public record HealthPointView(Instant day, double stateOfHealthPercent) {
    }

    public record BatteryHealthView(String name, String vin, Instant generateTime, Double stateOfHealthPercent,
            List<HealthPointView> stateOfHealthTrend, double stateOfHealthSlopePerYear, int cellCount,
            double cellVoltageSpreadMv, double cellVoltageStddevMv, double meanDailyCellSpreadMv,
            @Schema(example = "a", description = "a, b, c, d, insufficient_data") String secondLifeGrade,
            String gradeRationale) {

        static BatteryHealthView from(BatteryHealthReport r) {
            return new BatteryHealthView(r.getName(), r.getVin(), Json.instant(r.getGenerateTime()),
                    r.getStateOfHealthKnown() ? r.getStateOfHealthPercent() : null,
                    r.getStateOfHealthTrendList().stream()
                            .map(p -> new HealthPointView(Json.instant(p.getDay()), p.getStateOfHealthPercent())).toList(),
                    r.getStateOfHealthSlopePerYear(), r.getCellCount(), r.getCellVoltageSpreadMv(),
                    r.getCellVoltageStddevMv(), r.getMeanDailyCellSpreadMv(),
                    Json.enumName(r.getSecondLifeGrade(), "SECOND_LIFE_GRADE_"), r.getGradeRationale());
        }
    }

    public record WorkItemView(@Schema(example = "OIL_CHANGE") String code,
            @Schema(example = "Engine oil and filter") String description) {
    }

    public record PartView(@Schema(example = "19303240") String partNumber, @Schema(example = "Oil filter") String description,
            @Schema(example = "1") int quantity) {
    }

    @Schema(description = "A service visit as the dealer records it")
    public record ServiceVisitView(@Schema(example = "2026-11-20") String visitDate,
            @Schema(example = "15230") long odometerKm, List<WorkItemView> workItems, List<PartView> parts,
            @Schema(example = "Next service in 10 000 km") String notes) {

        static ServiceVisitView from(ServiceVisitInput v) {
            return new ServiceVisitView(v.getVisitDate(), v.getOdometerKm(),
                    v.getWorkItemsList().stream().map(w -> new WorkItemView(w.getCode(), w.getDescription())).toList(),
                    v.getPartsList().stream().map(p -> new PartView(p.getPartNumber(), p.getDescription(), p.getQuantity()))
                            .toList(),
                    v.getNotes());
        }

        ServiceVisitInput toWire() {
            ServiceVisitInput.Builder wire = ServiceVisitInput.newBuilder()
                    .setVisitDate(Checks.text(visitDate)).setOdometerKm(odometerKm).setNotes(notes == null ? "" : notes);
            if (workItems != null) {
                workItems.forEach(w -> wire.addWorkItems(ServiceWorkItem.newBuilder()
                        .setCode(w == null ? "" : Checks.text(w.code()))
                        .setDescription(w == null || w.description() == null ? "" : w.description())));
            }
            if (parts != null) {
                parts.forEach(p -> wire.addParts(ServicePart.newBuilder()
                        .setPartNumber(p == null ? "" : Checks.text(p.partNumber()))
                        .setDescription(p == null || p.description() == null ? "" : p.description())
                        .setQuantity(p == null ? 0 : p.quantity())));
            }
            return wire.build();
        }
    }

    @Schema(description = "A service visit to record; dealerId, when given, must be the caller's own dealer")
    public record ServiceVisitInputView(@Schema(example = "D001") String dealerId,
            @Schema(example = "2026-11-20") String visitDate, @Schema(example = "15230") long odometerKm,
            List<WorkItemView> workItems, List<PartView> parts, @Schema(example = "Next service in 10 000 km") String notes) {

        ServiceVisitView visit() {
            return new ServiceVisitView(visitDate, odometerKm, workItems, parts, notes);
        }
    }

    @Schema(description = "One signed record of the vehicle's service chain")
    public record ServiceRecordView(String name, String vin, long position, String dealerId, ServiceVisitView visit,
            Instant recordTime, String previousHash, String hash, String signature, String keyId) {

        static ServiceRecordView from(ServiceRecord r) {
            return new ServiceRecordView(r.getName(), r.getVin(), r.getPosition(), r.getDealerId(),
                    ServiceVisitView.from(r.getVisit()), Json.instant(r.getRecordTime()), r.getPreviousHash(), r.getHash(),
                    r.getSignature(), r.getKeyId());
        }

        ServiceRecord toWire() {
            ServiceRecord.Builder wire = ServiceRecord.newBuilder().setName(Checks.text(name)).setVin(Checks.text(vin))
                    .setPosition(position).setDealerId(Checks.text(dealerId))
                    .setPreviousHash(Checks.text(previousHash)).setHash(Checks.text(hash))
                    .setSignature(Checks.text(signature)).setKeyId(Checks.text(keyId));
            if (visit != null) {
                wire.setVisit(visit.toWire());
            }
            if (recordTime != null) {
                wire.setRecordTime(Json.timestamp(recordTime));
            }
            return wire.build();
        }
    }

    public record RecordedVisitView(ServiceRecordView record, boolean replayed) {
    }

    @Schema(description = "The certified service history: every signed record plus a signed head. Send it back "
            + "unchanged to POST /v1/service-history-verifications to verify it.")
    public record ServiceHistoryView(String name, String vin, List<ServiceRecordView> records, Instant generateTime,
            String headHash, String headSignature, String keyId, String publicKey) {

        static ServiceHistoryView from(ServiceHistoryReport r) {
            return new ServiceHistoryView(r.getName(), r.getVin(),
                    r.getRecordsList().stream().map(ServiceRecordView::from).toList(), Json.instant(r.getGenerateTime()),
                    r.getHeadHash(), r.getHeadSignature(), r.getKeyId(), r.getPublicKey());
        }

        ServiceHistoryReport toWire() {
            ServiceHistoryReport.Builder wire = ServiceHistoryReport.newBuilder().setName(Checks.text(name))
                    .setVin(Checks.text(vin)).setHeadHash(Checks.text(headHash))
                    .setHeadSignature(Checks.text(headSignature)).setKeyId(Checks.text(keyId))
                    .setPublicKey(Checks.text(publicKey));
            if (records != null) {
                records.forEach(r -> wire.addRecords(r == null ? ServiceRecord.getDefaultInstance() : r.toWire()));
            }
            if (generateTime != null) {
                wire.setGenerateTime(Json.timestamp(generateTime));
            }
            return wire.build();
        }
    }

    public record FindingView(int index, @Schema(example = "HASH_MISMATCH") String reason, String description) {

        static FindingView from(ServiceHistoryFinding f) {
            return new FindingView(f.getIndex(), f.getReason(), f.getDescription());
        }
    }

    public record VerificationView(boolean valid, int recordCount, List<FindingView> findings) {
    }
}
