package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.UUID;

/** One ledger entry as callers see it. Points are signed. */
public record PointsEntry(UUID entryId, String personId, EntryKind kind, long points, String reason,
        String sourceReference, Instant createdAt) {
}
