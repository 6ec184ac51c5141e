package dev.chezhu.telematics.grpc;

import jakarta.annotation.security.RolesAllowed;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.platform.grpc.GrpcExceptionHandlerProvider;
import dev.chezhu.telematics.domain.Alerts;
import dev.chezhu.telematics.domain.BatteryHealthReports;
import dev.chezhu.telematics.domain.ServiceHistory;
import dev.chezhu.telematics.domain.SignalHistory;
import dev.chezhu.telematics.domain.TelemetryIngestion;
import dev.chezhu.telematics.domain.VehicleStates;
import dev.chezhu.telematics.events.ServiceHistoryWire;
import dev.chezhu.telematics.v1.AppendTelemetryRequest;
import dev.chezhu.telematics.v1.AppendTelemetryResponse;
import dev.chezhu.telematics.v1.BatteryHealthReport;
import dev.chezhu.telematics.v1.GetBatteryHealthReportRequest;
import dev.chezhu.telematics.v1.GetServiceHistoryRequest;
import dev.chezhu.telematics.v1.GetVehicleStateRequest;
import dev.chezhu.telematics.v1.ListAlertsRequest;
import dev.chezhu.telematics.v1.ListAlertsResponse;
import dev.chezhu.telematics.v1.QuerySignalHistoryRequest;
import dev.chezhu.telematics.v1.QuerySignalHistoryResponse;
import dev.chezhu.telematics.v1.RecordServiceVisitRequest;
import dev.chezhu.telematics.v1.RecordServiceVisitResponse;
import dev.chezhu.telematics.v1.ServiceHistoryReport;
import dev.chezhu.telematics.v1.StreamTelemetryRequest;
import dev.chezhu.telematics.v1.StreamTelemetryResponse;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc;
import dev.chezhu.telematics.v1.VehicleState;
import dev.chezhu.telematics.v1.VerifyServiceHistoryRequest;
import dev.chezhu.telematics.v1.VerifyServiceHistoryResponse;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.grpc.stub.StreamObserver;

/**
 * The gRPC surface: maps wire types and errors, nothing else. It extends the plain grpc-java base
 * (not the Mutiny one) because StreamTelemetry needs manual flow control: Quarkus' Mutiny bidi
 * bridge requests inbound messages automatically into an unbounded buffer, which would let a fast
 * head unit outrun a slow database. Unary methods bridge their Uni with {@link #reply}.
 */
@GrpcService
public class TelematicsGrpcService extends TelematicsServiceGrpc.TelematicsServiceImplBase {

    private final TelemetryIngestion ingestion;
    private final VehicleStates states;
    private final SignalHistory history;
    private final BatteryHealthReports battery;
    private final Alerts alerts;
    private final ServiceHistory serviceHistory;
    private final SecurityIdentity identity;
    private final GrpcExceptionHandlerProvider errors;

    public TelematicsGrpcService(TelemetryIngestion ingestion, VehicleStates states, SignalHistory history,
            BatteryHealthReports battery, Alerts alerts, ServiceHistory serviceHistory, SecurityIdentity identity,
            GrpcExceptionHandlerProvider errors) {
        this.ingestion = ingestion;
        this.states = states;
        this.history = history;
        this.battery = battery;
        this.alerts = alerts;
        this.serviceHistory = serviceHistory;
        this.identity = identity;
        this.errors = errors;
    }

    private <T> void reply(Uni<T> answer, StreamObserver<T> out) {
        Uni.createFrom().deferred(() -> answer).subscribe().with(value -> {
            out.onNext(value);
            out.onCompleted();
        }, failure -> out.onError(errors.toStatusException(failure)));
    }

    @Override
    @RolesAllowed(Roles.HEAD_UNIT)
    public void appendTelemetry(AppendTelemetryRequest request, StreamObserver<AppendTelemetryResponse> out) {
        reply(ingestion.append(Caller.of(identity), TelematicsMapper.toCommand(request))
                .map(TelematicsMapper::toResponse), out);
    }

    @Override
    @RolesAllowed(Roles.HEAD_UNIT)
    public StreamObserver<StreamTelemetryRequest> streamTelemetry(StreamObserver<StreamTelemetryResponse> out) {
        TelemetryStream stream = new TelemetryStream(Caller.of(identity), ingestion, errors, out);
        stream.start();
        return stream;
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.DEALER, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public void getVehicleState(GetVehicleStateRequest request, StreamObserver<VehicleState> out) {
        reply(states.get(Caller.of(identity), request.getName()).map(TelematicsMapper::toWire), out);
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.DEALER, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public void querySignalHistory(QuerySignalHistoryRequest request, StreamObserver<QuerySignalHistoryResponse> out) {
        reply(history.query(Caller.of(identity), request.getVehicle(), TelematicsMapper.toQuery(request))
                .map(TelematicsMapper::toWire), out);
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.DEALER, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public void getBatteryHealthReport(GetBatteryHealthReportRequest request, StreamObserver<BatteryHealthReport> out) {
        reply(battery.get(Caller.of(identity), request.getName(),
                request.hasLookback() ? TelematicsMapper.duration(request.getLookback()) : null)
                .map(TelematicsMapper::toWire), out);
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.DEALER, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public void listAlerts(ListAlertsRequest request, StreamObserver<ListAlertsResponse> out) {
        reply(alerts.list(Caller.of(identity), request.getParent(), request.getOpenOnly(), request.getPageSize(),
                request.getPageToken()).map(TelematicsMapper::toWire), out);
    }

    @Override
    @RolesAllowed(Roles.DEALER)
    public void recordServiceVisit(RecordServiceVisitRequest request, StreamObserver<RecordServiceVisitResponse> out) {
        reply(serviceHistory.record(Caller.of(identity), request.getRequestId(), request.getVehicle(),
                request.hasVisit() ? TelematicsMapper.toVisitInput(request.getVisit()) : null)
                .map(recorded -> RecordServiceVisitResponse.newBuilder()
                        .setRecord(ServiceHistoryWire.record(recorded.record()))
                        .setReplayed(recorded.replayed()).build()), out);
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.DEALER, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public void getServiceHistory(GetServiceHistoryRequest request, StreamObserver<ServiceHistoryReport> out) {
        reply(serviceHistory.get(Caller.of(identity), request.getName()).map(ServiceHistoryWire::report), out);
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.DEALER, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public void verifyServiceHistory(VerifyServiceHistoryRequest request,
            StreamObserver<VerifyServiceHistoryResponse> out) {
        reply(Uni.createFrom().item(() -> TelematicsMapper.toWire(request.getReport().getRecordsCount(),
                serviceHistory.verify(ServiceHistoryWire.report(request.getReport())))), out);
    }

}
