package dev.chezhu.telematics.grpc;

import jakarta.annotation.security.RolesAllowed;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.telematics.domain.TelemetryIngestion;
import dev.chezhu.telematics.domain.VehicleStates;
import dev.chezhu.telematics.v1.AppendTelemetryRequest;
import dev.chezhu.telematics.v1.AppendTelemetryResponse;
import dev.chezhu.telematics.v1.GetVehicleStateRequest;
import dev.chezhu.telematics.v1.TelematicsService;
import dev.chezhu.telematics.v1.VehicleState;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@GrpcService
public class TelematicsGrpcService implements TelematicsService {

    private final TelemetryIngestion ingestion;
    private final VehicleStates states;
    private final SecurityIdentity identity;

    public TelematicsGrpcService(TelemetryIngestion ingestion, VehicleStates states, SecurityIdentity identity) {
        this.ingestion = ingestion;
        this.states = states;
        this.identity = identity;
    }

    @Override
    @RolesAllowed(Roles.HEAD_UNIT)
    public Uni<AppendTelemetryResponse> appendTelemetry(AppendTelemetryRequest request) {
        return ingestion.append(Caller.of(identity), TelematicsMapper.toCommand(request))
                .map(TelematicsMapper::toResponse);
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.DEALER, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<VehicleState> getVehicleState(GetVehicleStateRequest request) {
        return states.get(Caller.of(identity), request.getName()).map(TelematicsMapper::toWire);
    }
}
