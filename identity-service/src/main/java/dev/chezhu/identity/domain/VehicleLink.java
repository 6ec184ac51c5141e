package dev.chezhu.identity.domain;

import java.time.Instant;

/** A person's relationship to a vehicle. */
public record VehicleLink(String vin, VehicleRole role, String source, Instant createdAt) {

    public enum VehicleRole {
        OWNER, DRIVER, HOUSEHOLD
    }
}
