package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.List;

/**
 * A person's account at one moment: balance (= sum of the ledger), pending points, tier (with its
 * review date and what counts toward it), the next lot to expire, the accounts merged into it and the
 * most recent entries (its own and those of merged accounts), newest first. {@code createdAt} is null
 * for a person never credited.
 */
public record AccountStatement(String personId, long balance, long pending, String tier, Instant createdAt,
        List<PointsEntry> recentEntries, Instant tierReviewAt, long tierQualifying, String tierBasis,
        long nextExpiringPoints, Instant nextExpireAt, List<String> mergedPersons) {

    /** Every person has an account; one never credited is empty. */
    public static AccountStatement empty(String personId, String entryTier, String tierBasis) {
        return new AccountStatement(personId, 0, 0, entryTier, null, List.of(), null, 0, tierBasis, 0, null, List.of());
    }
}
