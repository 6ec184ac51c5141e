package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.List;

/**
 * A person's account at one moment: balance (= sum of the ledger), pending points, tier and the most
 * recent entries, newest first. {@code createdAt} is null for a person never credited.
 */
public record AccountStatement(String personId, long balance, long pending, String tier, Instant createdAt,
        List<PointsEntry> recentEntries) {

    /** Every person has an account; one never credited is empty. */
    public static AccountStatement empty(String personId) {
        return new AccountStatement(personId, 0, 0, Tiers.STANDARD, null, List.of());
    }
}
