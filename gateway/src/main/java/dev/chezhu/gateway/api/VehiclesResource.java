package dev.chezhu.gateway.api;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.chezhu.gateway.api.VehicleViews.AggregateView;
import dev.chezhu.gateway.api.VehicleViews.AlertView;
import dev.chezhu.gateway.api.VehicleViews.AlertsView;
import dev.chezhu.gateway.api.VehicleViews.BatteryHealthView;
import dev.chezhu.gateway.api.VehicleViews.FindingView;
import dev.chezhu.gateway.api.VehicleViews.RecordedVisitView;
import dev.chezhu.gateway.api.VehicleViews.ServiceHistoryView;
import dev.chezhu.gateway.api.VehicleViews.ServiceRecordView;
import dev.chezhu.gateway.api.VehicleViews.ServiceVisitInputView;
import dev.chezhu.gateway.api.VehicleViews.SignalHistoryView;
import dev.chezhu.gateway.api.VehicleViews.SignalView;
import dev.chezhu.gateway.api.VehicleViews.VehicleStateView;
import dev.chezhu.gateway.api.VehicleViews.VerificationView;
import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.idempotency.IdempotentRequests;
import dev.chezhu.gateway.security.DataGuards;
import dev.chezhu.gateway.security.PartnerAccess;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.telematics.v1.GetBatteryHealthReportRequest;
import dev.chezhu.telematics.v1.GetServiceHistoryRequest;
import dev.chezhu.telematics.v1.GetVehicleStateRequest;
import dev.chezhu.telematics.v1.ListAlertsRequest;
import dev.chezhu.telematics.v1.QuerySignalHistoryRequest;
import dev.chezhu.telematics.v1.RecordServiceVisitRequest;
import dev.chezhu.telematics.v1.VerifyServiceHistoryRequest;
import io.smallrye.mutiny.Uni;

// every resource class sits at /v1: JAX-RS matches class paths first, so a longer class path
// would swallow the routes of the others
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "vehicles", description = "A vehicle's live state, history, alerts, battery and certified service history. "
        + "Third-party partners need the owner's third_party_sharing consent.")
@RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.PLATFORM_ADMIN })
public class VehiclesResource {

    private static final Pattern VIN = Pattern.compile("^[A-HJ-NPR-Z0-9]{17}$");

    private final Backends backends;
    private final PartnerAccess access;
    private final DataGuards guards;
    private final IdempotentRequests idempotency;

    public VehiclesResource(Backends backends, PartnerAccess access, DataGuards guards, IdempotentRequests idempotency) {
        this.backends = backends;
        this.access = access;
        this.guards = guards;
        this.idempotency = idempotency;
    }

    static Checks vin(String vin) {
        return Checks.of().require(vin != null && VIN.matcher(vin).matches(), "vin",
                "must be 17 characters: digits and capital letters except I, O, Q");
    }

    @GET
    @Path("/vehicles/{vin}/state")
    @Operation(summary = "Latest value of every signal of a vehicle (its digital twin)")
    public Uni<VehicleStateView> state(@PathParam("vin") @Parameter(example = "LSVAU2180N2183294") String vin) {
        access.requireScope("vehicles:read");
        vin(vin).orRefuse();
        return guards.vehicleShared(vin).chain(() -> backends.telematics()
                .getVehicleState(GetVehicleStateRequest.newBuilder().setName("vehicles/" + vin).build()))
                .map(VehicleStateView::from);
    }

    @GET
    @Path("/vehicles/{vin}/signal-history")
    @Operation(summary = "History of one signal over a time range: raw datapoints, or min/max/avg per bucket",
            description = "Paged: pass nextPageToken back as pageToken with the other parameters unchanged.")
    public Uni<SignalHistoryView> signalHistory(@PathParam("vin") @Parameter(example = "LSVAU2180N2183294") String vin,
            @QueryParam("signal") @Parameter(example = "Vehicle.Speed", required = true) String signal,
            @QueryParam("startTime") @Parameter(example = "2026-11-24T00:00:00Z", required = true) String startTime,
            @QueryParam("endTime") @Parameter(example = "2026-11-25T00:00:00Z", required = true) String endTime,
            @QueryParam("bucket") @Parameter(description = "ISO-8601 duration, whole seconds", example = "PT5M") String bucket,
            @QueryParam("pageSize") @Parameter(description = "1-1000, default 100") Integer pageSize,
            @QueryParam("pageToken") String pageToken) {
        access.requireScope("vehicles:read");
        Checks checks = vin(vin).present(signal, "signal").pageSize(pageSize, 1000).pageToken(pageToken);
        Instant start = checks.instant(startTime, "startTime", true);
        Instant end = checks.instant(endTime, "endTime", true);
        Duration bucketSize = checks.duration(bucket, "bucket");
        checks.require(start == null || end == null || start.isBefore(end), "endTime", "must be after startTime")
                .require(bucketSize == null || (!bucketSize.isNegative() && bucketSize.getSeconds() >= 1), "bucket",
                        "must be at least PT1S")
                .orRefuse();
        QuerySignalHistoryRequest.Builder request = QuerySignalHistoryRequest.newBuilder()
                .setVehicle("vehicles/" + vin).setSignal(signal.trim())
                .setStartTime(Json.timestamp(start)).setEndTime(Json.timestamp(end))
                .setPageSize(Checks.pageSize(pageSize)).setPageToken(Checks.text(pageToken));
        if (bucketSize != null) {
            request.setBucket(com.google.protobuf.Duration.newBuilder().setSeconds(bucketSize.getSeconds())
                    .setNanos(bucketSize.getNano()));
        }
        return guards.vehicleShared(vin).chain(() -> backends.telematics().querySignalHistory(request.build()))
                .map(r -> new SignalHistoryView(r.getVehicle(), r.getSignal(),
                        r.getDatapointsList().stream().map(SignalView::from).toList(),
                        r.getAggregatesList().stream().map(AggregateView::from).toList(), r.getNextPageToken()));
    }

    @GET
    @Path("/vehicles/{vin}/alerts")
    @Operation(summary = "Proactive alerts of a vehicle (service due, DTC, tyre pressure, cell imbalance), newest first")
    public Uni<AlertsView> alerts(@PathParam("vin") @Parameter(example = "LSVAU2180N2183294") String vin,
            @QueryParam("openOnly") @Parameter(description = "only open alerts") boolean openOnly,
            @QueryParam("pageSize") @Parameter(description = "1-500, default 50") Integer pageSize,
            @QueryParam("pageToken") String pageToken) {
        access.requireScope("vehicles:read");
        vin(vin).pageSize(pageSize, 500).pageToken(pageToken).orRefuse();
        return guards.vehicleShared(vin).chain(() -> backends.telematics().listAlerts(ListAlertsRequest.newBuilder()
                .setParent("vehicles/" + vin).setOpenOnly(openOnly)
                .setPageSize(Checks.pageSize(pageSize)).setPageToken(Checks.text(pageToken)).build()))
                .map(r -> new AlertsView(r.getAlertsList().stream().map(AlertView::from).toList(), r.getNextPageToken()));
    }

    @GET
    @Path("/vehicles/{vin}/battery-health")
    @Operation(summary = "Battery health: state-of-health trend, cell balance and a second-life grade")
    public Uni<BatteryHealthView> batteryHealth(@PathParam("vin") @Parameter(example = "LSVAU2180N2183294") String vin,
            @QueryParam("lookbackDays") @Parameter(description = "1-365, default 365") Integer lookbackDays) {
        access.requireScope("vehicles:read");
        vin(vin).require(lookbackDays == null || (lookbackDays >= 1 && lookbackDays <= 365), "lookbackDays",
                "must be between 1 and 365").orRefuse();
        GetBatteryHealthReportRequest.Builder request = GetBatteryHealthReportRequest.newBuilder().setName("vehicles/" + vin);
        if (lookbackDays != null) {
            request.setLookback(com.google.protobuf.Duration.newBuilder().setSeconds(lookbackDays * 86_400L));
        }
        return guards.vehicleShared(vin).chain(() -> backends.telematics().getBatteryHealthReport(request.build()))
                .map(BatteryHealthView::from);
    }

    @POST
    @Path("/vehicles/{vin}/service-records")
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER })
    @Operation(summary = "Record a service visit (dealers): appended to the vehicle's signed history",
            description = "Dealer staff or a dealer system only, for its own dealer. Needs an Idempotency-Key: a retry records once.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RecordedVisitView.class)))
    public Uni<Response> recordVisit(@PathParam("vin") @Parameter(example = "LSVAU2180N2183294") String vin,
            @HeaderParam("Idempotency-Key") String idempotencyKey, ServiceVisitInputView input) {
        access.requireScope("service-history:write");
        access.requireDealer();
        ServiceVisitInputView body = input == null ? new ServiceVisitInputView(null, null, 0, null, null, null) : input;
        access.requireOwnDealer(body.dealerId());
        IdempotentRequests.requireKey(idempotencyKey);
        vin(vin).present(body.visitDate(), "visitDate")
                .require(body.workItems() != null && !body.workItems().isEmpty(), "workItems", "needs at least one item")
                .require(body.odometerKm() >= 0, "odometerKm", "must not be negative")
                .orRefuse();
        RecordServiceVisitRequest request = RecordServiceVisitRequest.newBuilder()
                .setRequestId(IdempotentRequests.shortRequestId(access.caller(), idempotencyKey))
                .setVehicle("vehicles/" + vin)
                .setVisit(body.visit().toWire())
                .build();
        return idempotency.execute(access.caller(), "service-visit:" + vin, idempotencyKey, body,
                () -> backends.telematics().recordServiceVisit(request)
                        .map(r -> new RecordedVisitView(ServiceRecordView.from(r.getRecord()), r.getReplayed())));
    }

    @GET
    @Path("/vehicles/{vin}/service-history")
    @Operation(summary = "The vehicle's certified service history, signed, for a buyer to keep and verify")
    public Uni<ServiceHistoryView> serviceHistory(@PathParam("vin") @Parameter(example = "LSVAU2180N2183294") String vin) {
        access.requireScope("vehicles:read");
        vin(vin).orRefuse();
        return guards.vehicleShared(vin).chain(() -> backends.telematics()
                .getServiceHistory(GetServiceHistoryRequest.newBuilder().setName("vehicles/" + vin).build()))
                .map(ServiceHistoryView::from);
    }

    @POST
    @Path("/service-history-verifications")
    @Operation(summary = "Verify a certified service history report (finds edited, removed, inserted or reordered records)",
            description = "Changes nothing, so no Idempotency-Key is needed.")
    public Uni<VerificationView> verify(ServiceHistoryView report) {
        access.requireScope("vehicles:read");
        Checks.of().require(report != null, "report", "is required: the body of GET /v1/vehicles/{vin}/service-history")
                .orRefuse();
        return backends.telematics().verifyServiceHistory(VerifyServiceHistoryRequest.newBuilder()
                .setReport(report.toWire()).build())
                .map(r -> new VerificationView(r.getValid(), r.getRecordCount(),
                        r.getFindingsList().stream().map(FindingView::from).toList()));
    }
}
