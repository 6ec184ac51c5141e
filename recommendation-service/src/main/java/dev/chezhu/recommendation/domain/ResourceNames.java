package dev.chezhu.recommendation.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.chezhu.platform.error.Violations;

/** Parses the resource names requests carry: {@code persons/{id}}, {@code vehicles/{vin}}, {@code items/{id}}. */
public final class ResourceNames {

    public static final String PERSONS = "persons/";
    public static final String VEHICLES = "vehicles/";
    public static final String ITEMS = "items/";
    public static final String LISTENING_EVENTS = "listeningEvents/";

    static final Pattern PERSON_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$");
    static final Pattern VIN = Pattern.compile("^[A-HJ-NPR-Z0-9]{17}$");
    public static final Pattern ITEM_ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");

    private ResourceNames() {
    }

    /** The person ID of an optional {@code persons/{id}}; a violation when present but malformed. */
    static Optional<String> person(String name, String field, Violations violations) {
        return optional(name, PERSONS, PERSON_ID, field, "must be persons/{person_id}", violations);
    }

    /** The upper-cased VIN of an optional {@code vehicles/{vin}}; a violation when present but malformed. */
    static Optional<String> vehicle(String name, String field, Violations violations) {
        String normalised = name == null ? null : name.trim();
        if (normalised != null && normalised.startsWith(VEHICLES)) {
            normalised = VEHICLES + normalised.substring(VEHICLES.length()).toUpperCase(Locale.ROOT);
        }
        return optional(normalised, VEHICLES, VIN, field,
                "must be vehicles/{vin}; a VIN is 17 characters of A-Z (no I, O, Q) and 0-9", violations);
    }

    /** The item ID of a required {@code items/{id}}. */
    static Optional<String> item(String name, String field, Violations violations) {
        if (name == null || name.isBlank()) {
            violations.add(field, "required: items/{item_id}");
            return Optional.empty();
        }
        return optional(name, ITEMS, ITEM_ID, field, "must be items/{item_id}", violations);
    }

    private static Optional<String> optional(String name, String prefix, Pattern id, String field, String description,
            Violations violations) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String value = name.trim();
        if (!value.startsWith(prefix) || !id.matcher(value.substring(prefix.length())).matches()) {
            violations.add(field, description);
            return Optional.empty();
        }
        return Optional.of(value.substring(prefix.length()));
    }

    static boolean present(String name) {
        return name != null && !name.isBlank();
    }
}
