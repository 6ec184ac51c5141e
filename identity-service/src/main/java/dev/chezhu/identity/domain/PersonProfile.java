package dev.chezhu.identity.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One unified person as the service answers for it. */
public record PersonProfile(String id, Instant createdAt, Instant updatedAt, List<KnownIdentifier> identifiers,
        Map<String, TraitValue> traits, List<VehicleLink> vehicles) {

    /** An identifier attached to the person, with its provenance. */
    public record KnownIdentifier(IdentifierKey key, String source, Instant firstSeenAt) {
    }

    /** The surviving value of one trait. */
    public record TraitValue(String value, String source, Instant observedAt) {
    }
}
