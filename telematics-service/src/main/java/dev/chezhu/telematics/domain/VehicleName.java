package dev.chezhu.telematics.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resource names of vehicles: {@code vehicles/{vin}}. Where the vehicle's state is read, its own
 * name {@code vehicles/{vin}/state} is accepted as well.
 */
public final class VehicleName {

    public static final String PREFIX = "vehicles/";
    public static final String STATE_SUFFIX = "/state";
    /** 17 characters of A-Z without I, O, Q, and digits (ISO 3779). */
    public static final Pattern VIN = Pattern.compile("^[A-HJ-NPR-Z0-9]{17}$");

    private VehicleName() {
    }

    /**
     * The VIN segment of a name exactly as written, valid or not, for the authorisation check that
     * precedes validation; null when the name does not start with {@code vehicles/}.
     */
    public static String requestedVin(String name, boolean stateSuffixAllowed) {
        if (name == null || !name.startsWith(PREFIX)) {
            return null;
        }
        String rest = name.substring(PREFIX.length());
        return stateSuffixAllowed && rest.endsWith(STATE_SUFFIX)
                ? rest.substring(0, rest.length() - STATE_SUFFIX.length())
                : rest;
    }

    /** The upper-cased VIN of a well-formed name, or empty. */
    public static Optional<String> vin(String name, boolean stateSuffixAllowed) {
        String requested = requestedVin(name, stateSuffixAllowed);
        if (requested == null) {
            return Optional.empty();
        }
        String vin = requested.toUpperCase(Locale.ROOT);
        return VIN.matcher(vin).matches() ? Optional.of(vin) : Optional.empty();
    }

    public static String of(String vin) {
        return PREFIX + vin;
    }

    public static String stateOf(String vin) {
        return PREFIX + vin + STATE_SUFFIX;
    }
}
