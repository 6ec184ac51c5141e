package dev.chezhu.loyalty.domain;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;

/**
 * Whose loyalty data a reader may see. A head unit sees only its owner's: its token carries only the
 * VIN, so the owner is asked of the identity service. A partner needs the loyalty:read scope. Staff and
 * services are trusted by role. Authorisation comes before the input is looked at.
 */
@ApplicationScoped
public class Viewer {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Viewer.class);


    private final ProfileDirectory profiles;

    public Viewer(ProfileDirectory profiles) {
        this.profiles = profiles;
    }

    /**
     * The person a read is about: named by {@code accounts/{person_id}} or by {@code vehicles/{vin}}
     * (the vehicle's owner). A head unit must name its own vehicle (or its owner's account).
     */
    public Uni<String> person(Caller caller, String name, String nameField, String vehicle) {
        boolean byVehicle = vehicle != null && !vehicle.isEmpty();
        boolean byName = name != null && !name.isEmpty();
        if (caller.isHeadUnit()) {
            String vin = caller.vin().orElseThrow(() -> ServiceException.permissionDenied("VEHICLE_NOT_ALLOWED",
                    "the head unit's token carries no VIN"));
            if (byVehicle && !Names.vin(vehicle).map(vin::equalsIgnoreCase).orElse(false)) {
                return Uni.createFrom().failure(ServiceException.permissionDenied("VEHICLE_NOT_ALLOWED",
                        "a head unit may only read the account of its own vehicle's owner"));
            }
            if (byName) {
                // naming a person: allowed only for the vehicle's owner, and an unknown owner is nobody's
                return profiles.ownerOf(vin)
                        .onFailure(f -> !(f instanceof ServiceException)).transform(Viewer::identityUnavailable)
                        .map(owner -> {
                            if (owner.isEmpty() || !AccountName.personId(name).map(owner.get()::equals).orElse(false)) {
                                throw ServiceException.permissionDenied("NOT_VEHICLE_OWNER",
                                        "a head unit may only read the account of its own vehicle's owner");
                            }
                            return owner.get();
                        });
            }
            return owner(vin);
        }
        ReadAccess.check(caller);
        if (byName == byVehicle) {
            return Uni.createFrom().failure(ServiceException.invalidArgument("INVALID_ACCOUNT_NAME",
                    java.util.List.of(new dev.chezhu.platform.error.FieldViolation(nameField,
                            "exactly one of " + nameField + " (accounts/{person_id}) and vehicle (vehicles/{vin})"))));
        }
        if (byName) {
            return Uni.createFrom().item(() -> AccountName.personId(name).orElseThrow(() -> ServiceException
                    .invalidArgument("INVALID_ACCOUNT_NAME", java.util.List.of(new dev.chezhu.platform.error
                            .FieldViolation(nameField, AccountName.DESCRIPTION)))));
        }
        Optional<String> vin = Names.vin(vehicle);
        if (vin.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalidField("vehicle", "must be vehicles/{vin}, 17 characters"));
        }
        return owner(vin.get());
    }

    /** The owner of a vehicle as the identity service knows it. */
    public Uni<String> owner(String vin) {
        return profiles.ownerOf(vin)
                .onFailure(f -> !(f instanceof ServiceException)).transform(Viewer::identityUnavailable)
                .map(owner -> owner.orElseThrow(() -> ServiceException.notFound("VEHICLE_OWNER_NOT_FOUND",
                        Names.VEHICLES + vin)));
    }

    /** The profile of a person; NOT_FOUND when identity does not know them. */
    public Uni<Profile> profile(String personId) {
        return profiles.profile(personId)
                .onFailure(f -> !(f instanceof ServiceException)).transform(Viewer::identityUnavailable)
                .map(found -> found.orElseThrow(() -> ServiceException.notFound("PERSON_NOT_FOUND",
                        "persons/" + personId)));
    }

    static ServiceException identityUnavailable(Throwable cause) {
        // the status and description only (gRPC descriptions name fields and IDs, not personal data)
        LOG.warnf("identity-service could not answer: %s", cause instanceof io.grpc.StatusRuntimeException s
                ? s.getStatus().getCode() + " " + s.getStatus().getDescription() : cause.getClass().getName());
        return new ServiceException(Status.Code.UNAVAILABLE, "IDENTITY_UNAVAILABLE",
                "the identity service could not answer; retry later", java.util.Map.of(), java.util.List.of());
    }
}
