package dev.chezhu.identity.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/** A validated observation: normalised identifiers, sorted so locks are always taken in one order. */
public record Observation(String requestId, String source, SortedSet<IdentifierKey> identifiers,
        Map<String, String> traits, List<VehicleLink> vehicles, Instant observedAt) {
}
