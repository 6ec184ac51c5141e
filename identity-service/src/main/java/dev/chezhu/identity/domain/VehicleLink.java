package dev.chezhu.identity.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/** A person's relationship to a vehicle, with what is known of the vehicle itself. */
public record VehicleLink(String vin, VehicleRole role, String source, Instant createdAt, Attributes attributes) {

    public enum VehicleRole {
        OWNER, DRIVER, HOUSEHOLD
    }

    public VehicleLink {
        attributes = attributes == null ? Attributes.NONE : attributes;
    }

    /** A link without vehicle attributes. */
    public VehicleLink(String vin, VehicleRole role, String source, Instant createdAt) {
        this(vin, role, source, createdAt, Attributes.NONE);
    }

    /**
     * What a touchpoint reported about the vehicle (each may be null: not reported). They describe the
     * vehicle, not the relationship: stored once per VIN, the latest non-empty value of each wins.
     */
    public record Attributes(String brand, String model, Integer modelYear, String licencePlate) {

        public static final Attributes NONE = new Attributes(null, null, null, null);

        /** Separators people type in plates (京A·12345, 京A 12345, 京A-12345); none is part of the plate. */
        private static final Pattern PLATE_SEPARATORS = Pattern.compile("[\\s·.\\-]");

        public boolean isEmpty() {
            return brand == null && model == null && modelYear == null && licencePlate == null;
        }

        /** These attributes with the newer one's reported values on top. */
        public Attributes overlay(Attributes newer) {
            return new Attributes(newer.brand != null ? newer.brand : brand, newer.model != null ? newer.model : model,
                    newer.modelYear != null ? newer.modelYear : modelYear,
                    newer.licencePlate != null ? newer.licencePlate : licencePlate);
        }

        /** A plate as stored and searched: upper case, no separators; null when blank. */
        public static String normalisePlate(String plate) {
            if (plate == null) {
                return null;
            }
            String normalised = PLATE_SEPARATORS.matcher(plate).replaceAll("").toUpperCase(Locale.ROOT);
            return normalised.isEmpty() ? null : normalised;
        }
    }
}
