package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One ledger entry as callers see it. Points are signed. expiresAt is set for an entry that made a
 * lot; reversesEntryId for a REVERSE; spendAmount (fen) for a spend-based earn.
 */
public record PointsEntry(UUID entryId, String personId, EntryKind kind, long points, String reason,
        String sourceReference, Instant createdAt, Instant expiresAt, UUID reversesEntryId, long spendAmount) {
}
