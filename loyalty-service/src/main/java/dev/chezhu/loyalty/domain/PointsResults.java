package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What points use cases answer. */
public final class PointsResults {

    private PointsResults() {
    }

    /** Points held until they unlock. */
    public record Pending(UUID pendingId, String personId, long points, String reason, String sourceReference,
            Instant unlockAt, String state, UUID entryId, Instant createdAt) {
    }

    /** An earn: points given, and either the entry written or the pending points held. */
    public record EarnResult(long points, PointsEntry entry, Pending pending, AccountStatement account,
            boolean replayed, String rule) {
    }

    /** A use case that writes one entry (redeem, adjust). */
    public record EntryResult(PointsEntry entry, AccountStatement account, boolean replayed) {
    }

    public record ReversalResult(List<PointsEntry> entries, List<Pending> cancelled, long pointsReversed,
            long pointsUnrecovered, ReversalPolicy policy, AccountStatement account, boolean replayed) {
    }

    public record EntryPage(List<PointsEntry> entries, String nextPageToken) {
    }
}
