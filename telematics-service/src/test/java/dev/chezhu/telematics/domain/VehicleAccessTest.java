package dev.chezhu.telematics.domain;

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

class VehicleAccessTest {

    private static final String VIN = "LSVAU2180N2183294";
    private static final String OTHER_VIN = "LFV2A21K5N3000002";

    private static Caller headUnit(String vin) {
        return new Caller("hu", "head-unit", Set.of(Roles.HEAD_UNIT), Optional.of(vin), Optional.empty(), Set.of());
    }

    private static Caller partner(String... scopes) {
        return new Caller("p", "partner-app", Set.of(Roles.PARTNER), Optional.empty(), Optional.empty(), Set.of(scopes));
    }

    private static Caller withRole(String role) {
        return new Caller("x", "x", Set.of(role), Optional.empty(), Optional.empty(), Set.of());
    }

    private static String denialReason(Runnable check) {
        ServiceException denied = assertThrows(ServiceException.class, check::run);
        assertEquals(Status.Code.PERMISSION_DENIED, denied.code());
        return denied.reason();
    }

    @Test
    void aHeadUnitWritesOnlyItsOwnVehicle() {
        assertDoesNotThrow(() -> VehicleAccess.requireWrite(headUnit(VIN), VIN));
        assertDoesNotThrow(() -> VehicleAccess.requireWrite(headUnit(VIN), VIN.toLowerCase()));
        assertEquals("VEHICLE_NOT_ALLOWED", denialReason(() -> VehicleAccess.requireWrite(headUnit(VIN), OTHER_VIN)));
        assertEquals("VEHICLE_NOT_ALLOWED", denialReason(() -> VehicleAccess.requireWrite(headUnit(VIN), null)));
        Caller noClaim = new Caller("hu", "head-unit", Set.of(Roles.HEAD_UNIT), Optional.empty(), Optional.empty(),
                Set.of());
        assertEquals("VEHICLE_NOT_ALLOWED", denialReason(() -> VehicleAccess.requireWrite(noClaim, VIN)));
    }

    @Test
    void nobodyButAHeadUnitWrites() {
        for (String role : Set.of(Roles.PARTNER, Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN)) {
            assertEquals("VEHICLE_NOT_ALLOWED", denialReason(() -> VehicleAccess.requireWrite(withRole(role), VIN)));
        }
    }

    @Test
    void readersSeeAnyVehicleExceptHeadUnitsWhichSeeTheirOwn() {
        assertDoesNotThrow(() -> VehicleAccess.requireRead(headUnit(VIN), VIN));
        assertEquals("VEHICLE_NOT_ALLOWED", denialReason(() -> VehicleAccess.requireRead(headUnit(VIN), OTHER_VIN)));
        for (String role : Set.of(Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN)) {
            assertDoesNotThrow(() -> VehicleAccess.requireRead(withRole(role), OTHER_VIN));
        }
    }

    @Test
    void partnersNeedTheVehiclesReadScope() {
        assertDoesNotThrow(() -> VehicleAccess.requireRead(partner("persons:read", "vehicles:read"), VIN));
        assertEquals("MISSING_SCOPE", denialReason(() -> VehicleAccess.requireRead(partner("persons:read"), VIN)));
    }
}
