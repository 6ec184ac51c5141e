package dev.chezhu.gateway.api;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.security.PartnerAccess;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.telematics.v1.GetVehicleStateRequest;
import dev.chezhu.telematics.v1.SignalValue;
import dev.chezhu.telematics.v1.VehicleState;
import io.smallrye.mutiny.Uni;

@Path("/v1/vehicles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "vehicles", description = "A vehicle's live state")
@RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.PLATFORM_ADMIN })
public class VehiclesResource {

    private final Backends backends;
    private final PartnerAccess access;

    public VehiclesResource(Backends backends, PartnerAccess access) {
        this.backends = backends;
        this.access = access;
    }

    public record SignalView(String signal, Object value, Instant observeTime) {
    }

    public record VehicleStateView(String name, String vin, List<SignalView> signals, Instant updateTime) {

        static VehicleStateView from(VehicleState state) {
            return new VehicleStateView(state.getName(), state.getVin(),
                    state.getSignalsList().stream().map(s -> new SignalView(s.getSignal(), value(s.getValue()),
                            Json.instant(s.getObserveTime()))).toList(),
                    Json.instant(state.getUpdateTime()));
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
    }

    @GET
    @Path("/{vin}/state")
    @Operation(summary = "Latest value of every signal of a vehicle (its digital twin)")
    public Uni<VehicleStateView> state(@PathParam("vin") String vin) {
        access.requireScope("vehicles:read");
        return backends.telematics().getVehicleState(GetVehicleStateRequest.newBuilder().setName("vehicles/" + vin).build())
                .map(VehicleStateView::from);
    }
}
