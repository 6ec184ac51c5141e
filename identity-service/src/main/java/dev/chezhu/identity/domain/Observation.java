package dev.chezhu.identity.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * A validated observation: normalised identifiers (sorted, so locks are always taken in one order),
 * where each came from in the request, and the identifiers the junk filter already set aside.
 */
public record Observation(String requestId, String source, SortedSet<IdentifierKey> identifiers,
        Map<String, String> traits, List<VehicleLink> vehicles, Instant observedAt, List<String> interests,
        Map<IdentifierKey, Integer> indexes, List<Ignored> blocked) {

    /** An identifier of the request that resolution did not use. */
    public record Ignored(int index, IdentifierKind kind, GuardrailReason reason) {
    }

    /** Position of an identifier in the request (the first, when several spell the same one). */
    public int indexOf(IdentifierKey key) {
        return indexes.getOrDefault(key, -1);
    }
}
