package dev.chezhu.telematics.domain;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.platform.error.ServiceException;

/**
 * Who may touch which vehicle's telemetry, beyond the roles @RolesAllowed already checked. Runs
 * before any validation or lookup, so a caller learns nothing about vehicles it may not see.
 */
public final class VehicleAccess {

    /** The partner scope that admits reading vehicle data (the gateway checks it too). */
    public static final String VEHICLES_READ_SCOPE = "vehicles:read";

    private VehicleAccess() {
    }

    /** A head unit writes only the vehicle its token names. */
    public static void requireWrite(Caller caller, String requestedVin) {
        if (!caller.isHeadUnit() || !caller.mayAccessVehicle(requestedVin)) {
            throw ServiceException.permissionDenied("VEHICLE_NOT_ALLOWED",
                    "This caller may only append telemetry of the vehicle its token names");
        }
    }

    /** Head units read only their own vehicle; partners need the vehicles:read scope. */
    public static void requireRead(Caller caller, String requestedVin) {
        if (!caller.mayAccessVehicle(requestedVin)) {
            throw ServiceException.permissionDenied("VEHICLE_NOT_ALLOWED",
                    "A head unit may only read the vehicle its token names");
        }
        boolean partnerOnly = caller.hasRole(Roles.PARTNER) && !caller.hasRole(Roles.PLATFORM_ADMIN)
                && !caller.hasRole(Roles.SERVICE);
        if (partnerOnly && !caller.scopes().contains(VEHICLES_READ_SCOPE)) {
            throw ServiceException.permissionDenied("MISSING_SCOPE",
                    "Partners need the scope " + VEHICLES_READ_SCOPE + " to read vehicle state");
        }
    }
}
