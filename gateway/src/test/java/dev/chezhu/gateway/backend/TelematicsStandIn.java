package dev.chezhu.gateway.backend;

import com.google.protobuf.Timestamp;

import dev.chezhu.telematics.v1.Alert;
import dev.chezhu.telematics.v1.AlertState;
import dev.chezhu.telematics.v1.AlertType;
import dev.chezhu.telematics.v1.GetServiceHistoryRequest;
import dev.chezhu.telematics.v1.GetVehicleStateRequest;
import dev.chezhu.telematics.v1.ListAlertsRequest;
import dev.chezhu.telematics.v1.ListAlertsResponse;
import dev.chezhu.telematics.v1.MutinyTelematicsServiceGrpc;
import dev.chezhu.telematics.v1.QuerySignalHistoryRequest;
import dev.chezhu.telematics.v1.QuerySignalHistoryResponse;
import dev.chezhu.telematics.v1.RecordServiceVisitRequest;
import dev.chezhu.telematics.v1.RecordServiceVisitResponse;
import dev.chezhu.telematics.v1.ServiceHistoryFinding;
import dev.chezhu.telematics.v1.ServiceHistoryReport;
import dev.chezhu.telematics.v1.ServiceRecord;
import dev.chezhu.telematics.v1.ServiceVisitInput;
import dev.chezhu.telematics.v1.ServiceWorkItem;
import dev.chezhu.telematics.v1.SignalState;
import dev.chezhu.telematics.v1.SignalValue;
import dev.chezhu.telematics.v1.VehicleState;
import dev.chezhu.telematics.v1.VerifyServiceHistoryRequest;
import dev.chezhu.telematics.v1.VerifyServiceHistoryResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * telematics-service for the gateway tests. Its service history report verifies only when it comes
 * back exactly as issued, so a lossy JSON round trip through the gateway fails the test.
 */
@GrpcService
public class TelematicsStandIn extends MutinyTelematicsServiceGrpc.TelematicsServiceImplBase {

    private final BackendCalls calls;

    public TelematicsStandIn(BackendCalls calls) {
        this.calls = calls;
    }

    static ServiceHistoryReport report(String vin) {
        return ServiceHistoryReport.newBuilder().setName("vehicles/" + vin + "/serviceHistory").setVin(vin)
                .addRecords(ServiceRecord.newBuilder().setName("vehicles/" + vin + "/serviceRecords/1").setVin(vin)
                        .setPosition(1).setDealerId("D001")
                        .setVisit(ServiceVisitInput.newBuilder().setVisitDate("2026-11-20").setOdometerKm(15230)
                                .addWorkItems(ServiceWorkItem.newBuilder().setCode("OIL_CHANGE").setDescription("Oil")))
                        .setRecordTime(Timestamp.newBuilder().setSeconds(1_763_600_000).setNanos(123_456_000))
                        .setPreviousHash("0".repeat(64)).setHash("ab".repeat(32)).setSignature("c2lnbmF0dXJl")
                        .setKeyId("0123456789abcdef"))
                .setGenerateTime(Timestamp.newBuilder().setSeconds(1_763_700_000).setNanos(5_000))
                .setHeadHash("ab".repeat(32)).setHeadSignature("aGVhZA==").setKeyId("0123456789abcdef")
                .setPublicKey("cHVibGlj").build();
    }

    @Override
    public Uni<VehicleState> getVehicleState(GetVehicleStateRequest request) {
        calls.record("GetVehicleState");
        return Uni.createFrom().item(VehicleState.newBuilder().setName(request.getName() + "/state")
                .setVin(request.getName().substring(9))
                .addSignals(SignalState.newBuilder().setSignal("Vehicle.Speed")
                        .setValue(SignalValue.newBuilder().setDoubleValue(62.5))
                        .setObserveTime(Timestamp.newBuilder().setSeconds(1_763_700_000)))
                .build());
    }

    @Override
    public Uni<QuerySignalHistoryResponse> querySignalHistory(QuerySignalHistoryRequest request) {
        calls.record("QuerySignalHistory");
        // the first page points at a second; the second is the last
        return Uni.createFrom().item(QuerySignalHistoryResponse.newBuilder().setVehicle(request.getVehicle())
                .setSignal(request.getSignal())
                .addDatapoints(SignalState.newBuilder().setSignal(request.getSignal())
                        .setValue(SignalValue.newBuilder().setIntValue(request.getPageToken().isEmpty() ? 1 : 2))
                        .setObserveTime(request.getStartTime()))
                .setNextPageToken(request.getPageToken().isEmpty() ? "after-1" : "").build());
    }

    @Override
    public Uni<ListAlertsResponse> listAlerts(ListAlertsRequest request) {
        calls.record("ListAlerts");
        return Uni.createFrom().item(ListAlertsResponse.newBuilder().addAlerts(Alert.newBuilder()
                .setName(request.getParent() + "/alerts/a-1").setAlertId("a-1")
                .setType(AlertType.ALERT_TYPE_CELL_IMBALANCE).setState(AlertState.ALERT_STATE_OPEN)).build());
    }

    @Override
    public Uni<RecordServiceVisitResponse> recordServiceVisit(RecordServiceVisitRequest request) {
        calls.record("RecordServiceVisit");
        String vin = request.getVehicle().substring(9);
        return Uni.createFrom().item(RecordServiceVisitResponse.newBuilder().setRecord(ServiceRecord.newBuilder()
                .setName(request.getVehicle() + "/serviceRecords/" + calls.count("RecordServiceVisit")).setVin(vin)
                .setPosition(calls.count("RecordServiceVisit")).setVisit(request.getVisit())).build());
    }

    @Override
    public Uni<ServiceHistoryReport> getServiceHistory(GetServiceHistoryRequest request) {
        calls.record("GetServiceHistory");
        return Uni.createFrom().item(report(request.getName().substring(9)));
    }

    @Override
    public Uni<VerifyServiceHistoryResponse> verifyServiceHistory(VerifyServiceHistoryRequest request) {
        calls.record("VerifyServiceHistory");
        boolean intact = request.getReport().equals(report(request.getReport().getVin()));
        VerifyServiceHistoryResponse.Builder response = VerifyServiceHistoryResponse.newBuilder().setValid(intact)
                .setRecordCount(request.getReport().getRecordsCount());
        if (!intact) {
            response.addFindings(ServiceHistoryFinding.newBuilder().setIndex(0).setReason("HASH_MISMATCH"));
        }
        return Uni.createFrom().item(response.build());
    }
}
