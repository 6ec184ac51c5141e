package dev.chezhu.telematics.domain;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.telematics.persistence.VehicleStateCache;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/** GetVehicleState: authorise, then read the vehicle's live state from Redis. */
@ApplicationScoped
public class VehicleStates {

    private final VehicleStateCache state;

    public VehicleStates(VehicleStateCache state) {
        this.state = state;
    }

    @WithSpan("VehicleStates.get")
    public Uni<VehicleSnapshot> get(Caller caller, @SpanAttribute("vehicle.name") String name) {
        return Uni.createFrom().item(() -> {
            VehicleAccess.requireRead(caller, VehicleName.requestedVin(name, true));
            return VehicleName.vin(name, true).orElseThrow(() -> ServiceException.invalidField("name",
                    "must be vehicles/{vin}, a VIN being 17 characters of A-Z (no I, O, Q) and 0-9"));
        }).flatMap(vin -> state.read(vin).map(found -> found.orElseThrow(
                () -> ServiceException.notFound("VEHICLE_STATE_NOT_FOUND", VehicleName.of(vin)))));
    }
}
