package dev.chezhu.loyalty.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What happens when points to take back were already spent. NEGATIVE_BALANCE takes everything back
 * (the balance may go below zero and later earnings pay it back first); CAP_AT_BALANCE takes back at
 * most what the balance holds and writes the rest off.
 */
public enum ReversalPolicy {
    NEGATIVE_BALANCE,
    CAP_AT_BALANCE;

    /** What one earn gives back: recovered from the balance, and written off. */
    public record Share(UUID entryId, long earned, long recovered, long unrecovered) {
    }

    /** Splits the earns to take back (in order) between recovered and unrecovered, given the balance now. */
    public List<Share> plan(List<Earned> earns, long balance) {
        List<Share> shares = new ArrayList<>();
        long available = Math.max(balance, 0);
        for (Earned earn : earns) {
            long recovered = this == NEGATIVE_BALANCE ? earn.points() : Math.min(earn.points(), available);
            available -= Math.min(available, recovered);
            shares.add(new Share(earn.entryId(), earn.points(), recovered, earn.points() - recovered));
        }
        return shares;
    }

    /** A posted earn that may be taken back. */
    public record Earned(UUID entryId, long points) {
    }
}
