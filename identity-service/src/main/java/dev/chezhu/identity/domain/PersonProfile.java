package dev.chezhu.identity.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One unified person as the service answers for it. */
public record PersonProfile(String id, Instant createdAt, Instant updatedAt, List<KnownIdentifier> identifiers,
        Map<String, TraitValue> traits, List<VehicleLink> vehicles, List<Interest> interests,
        List<String> mergedPersonIds, List<String> dealerIds) {

    /** An identifier attached to the person, with its provenance. */
    public record KnownIdentifier(IdentifierKey key, String source, Instant firstSeenAt, boolean quarantined) {
    }

    /** The surviving value of one trait. */
    public record TraitValue(String value, String source, Instant observedAt) {
    }

    /** An interest tag and every source that reported it. */
    public record Interest(String tag, List<String> sources, Instant lastObservedAt) {
    }

    /** A trait value as one source reported it for one person of the cluster. */
    public record ReportedTrait(String key, String value, String source, Instant observedAt, String originPersonId) {
    }
}
