package dev.chezhu.loyalty.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.v1.ListVehicleRelationshipsResponse;
import dev.chezhu.identity.v1.VehiclePersonRelationship;
import dev.chezhu.identity.v1.VehicleRole;

/** The owner of a vehicle is the first OWNER identity lists, whatever consent records they have. */
class GrpcProfileDirectoryTest {

    private static VehiclePersonRelationship related(String person, VehicleRole role) {
        return VehiclePersonRelationship.newBuilder().setPerson("persons/" + person).setRole(role).build();
    }

    @Test
    void theFirstListedOwnerIsTheOwner() {
        assertEquals(Optional.of("p-1"), GrpcProfileDirectory.owner(ListVehicleRelationshipsResponse.newBuilder()
                .addRelationships(related("p-1", VehicleRole.VEHICLE_ROLE_OWNER))
                .addRelationships(related("p-2", VehicleRole.VEHICLE_ROLE_OWNER)).build()));
    }

    @Test
    void driversAndHouseholdAreNotOwners() {
        assertEquals(Optional.empty(), GrpcProfileDirectory.owner(ListVehicleRelationshipsResponse.newBuilder()
                .addRelationships(related("p-3", VehicleRole.VEHICLE_ROLE_DRIVER))
                .addRelationships(related("p-4", VehicleRole.VEHICLE_ROLE_HOUSEHOLD)).build()));
        assertEquals(Optional.empty(), GrpcProfileDirectory.owner(ListVehicleRelationshipsResponse.getDefaultInstance()));
    }
}
