package dev.chezhu.recommendation.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who listens: a person, a vehicle, or a person in a vehicle. Its keys name it in Redis by person ID
 * and VIN only, never by anything personal.
 */
public record Listener(Optional<String> personId, Optional<String> vin) {

    public Listener {
        if (personId.isEmpty() && vin.isEmpty()) {
            throw new IllegalArgumentException("a listener is a person, a vehicle or both");
        }
    }

    /** One key per known side: the person's plays everywhere and the car's plays by anyone. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(2);
        personId.ifPresent(id -> keys.add("person:" + id));
        vin.ifPresent(v -> keys.add("vehicle:" + v));
        return keys;
    }
}
