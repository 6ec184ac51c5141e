package dev.chezhu.loyalty.domain;

import java.util.UUID;

/**
 * An entry about to be posted. {@code holder} is the account it is written to (a survivor after a
 * merge), {@code origin} the person it is for (who a lot it makes belongs to, for an unmerge);
 * {@code makesLot} for positive entries whose points become a spendable lot.
 */
public record NewEntry(String holder, String origin, EntryKind kind, long points, String reason, String sourceReference,
        String requestId, Actor actor, UUID reversesEntryId, long spendAmount, boolean makesLot) {

    public static NewEntry of(String holder, String origin, EntryKind kind, long points, String reason,
            String sourceReference, String requestId, Actor actor) {
        return new NewEntry(holder, origin, kind, points, reason, sourceReference, requestId, actor, null, 0,
                points > 0 && kind != EntryKind.REVERSE);
    }

    public NewEntry withSpend(long spend) {
        return new NewEntry(holder, origin, kind, points, reason, sourceReference, requestId, actor, reversesEntryId, spend,
                makesLot);
    }

    public NewEntry reversing(UUID entryId) {
        return new NewEntry(holder, origin, kind, points, reason, sourceReference, requestId, actor, entryId, spendAmount,
                makesLot);
    }

    public NewEntry withoutLot() {
        return new NewEntry(holder, origin, kind, points, reason, sourceReference, requestId, actor, reversesEntryId,
                spendAmount, false);
    }
}
