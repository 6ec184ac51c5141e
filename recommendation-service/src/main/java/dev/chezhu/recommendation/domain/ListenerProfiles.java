package dev.chezhu.recommendation.domain;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Port to identity-service: what the platform knows about a listener, as profile segments the model
 * has per-segment popularity for: {@code model:{vehicle model}}, {@code brand:…}, {@code region:…},
 * {@code tag:{interest}}, {@code lifecycle:{stage}}, {@code vds:{VIN positions 1-8}} (the vehicle
 * line, read from the VIN itself). Empty when nothing is known; never fails.
 */
public interface ListenerProfiles {

    Uni<List<String>> segments(Listener listener);

    /** Forgets any cached profile of the person (merged, erased). */
    default Uni<Void> forget(String personId) {
        return Uni.createFrom().voidItem();
    }

    /** The vehicle-line segment of a VIN: world manufacturer and vehicle descriptor, no serial. */
    static String vehicleLine(String vin) {
        return "vds:" + vin.substring(0, 8);
    }
}
