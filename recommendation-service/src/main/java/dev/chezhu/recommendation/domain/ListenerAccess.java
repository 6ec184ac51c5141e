package dev.chezhu.recommendation.domain;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;

/**
 * Which listeners a caller may speak for. A head unit speaks only for the vehicle in its token, so
 * everything it sends or asks must name that vehicle; partners, services and the platform team
 * speak for any listener. Checked before anything is looked up.
 */
public final class ListenerAccess {

    private ListenerAccess() {
    }

    public static void check(Caller caller, Listener listener) {
        if (caller.isHeadUnit()
                && (listener.vin().isEmpty() || !caller.mayAccessVehicle(listener.vin().get()))) {
            throw ServiceException.permissionDenied("VEHICLE_NOT_ALLOWED",
                    "A head unit may only speak for its own vehicle: name it as vehicles/{vin}");
        }
    }
}
