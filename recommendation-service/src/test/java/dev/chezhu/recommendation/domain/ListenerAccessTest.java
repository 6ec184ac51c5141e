package dev.chezhu.recommendation.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.platform.error.ServiceException;
import io.grpc.Status;

class ListenerAccessTest {

    private static final String OWN_VIN = "LSVAU2180N2183294";
    private static final Caller HEAD_UNIT = new Caller("hu", "head-unit", Set.of(Roles.HEAD_UNIT), Optional.of(OWN_VIN),
            Optional.empty(), Set.of());
    private static final Caller PARTNER = new Caller("p", "partner-app", Set.of(Roles.PARTNER), Optional.empty(),
            Optional.empty(), Set.of());

    private static Listener listener(String person, String vin) {
        return new Listener(Optional.ofNullable(person), Optional.ofNullable(vin));
    }

    @Test
    void headUnitSpeaksForItsOwnVehicleWithOrWithoutAPerson() {
        assertDoesNotThrow(() -> ListenerAccess.check(HEAD_UNIT, listener(null, OWN_VIN)));
        assertDoesNotThrow(() -> ListenerAccess.check(HEAD_UNIT, listener("p-1", OWN_VIN)));
    }

    @Test
    void headUnitMayNotSpeakForAnotherVehicleOrForAPersonAlone() {
        for (Listener other : new Listener[] { listener(null, "LFV2A21K5N3000002"), listener("p-1", null) }) {
            ServiceException denied = assertThrows(ServiceException.class, () -> ListenerAccess.check(HEAD_UNIT, other));
            assertEquals(Status.Code.PERMISSION_DENIED, denied.code());
            assertEquals("VEHICLE_NOT_ALLOWED", denied.reason());
        }
    }

    @Test
    void partnersSpeakForAnyListener() {
        assertDoesNotThrow(() -> ListenerAccess.check(PARTNER, listener("p-1", null)));
        assertDoesNotThrow(() -> ListenerAccess.check(PARTNER, listener(null, "LFV2A21K5N3000002")));
    }
}
