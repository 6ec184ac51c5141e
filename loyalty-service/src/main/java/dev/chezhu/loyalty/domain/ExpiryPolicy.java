package dev.chezhu.loyalty.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * When a lot of points lapses: a fixed number of days after it became spendable (ROLLING), or at the
 * end of the year, {@code years} years after the year it became spendable (YEAR_END, in the brand's
 * time zone: with years = 1, points earned any time in 2026 lapse at the end of 31 December 2027).
 * A warning goes out {@code warning} before.
 */
public record ExpiryPolicy(Mode mode, int days, int years, ZoneId zone, Duration warning) {

    public enum Mode {
        ROLLING,
        YEAR_END,
        NEVER
    }

    public ExpiryPolicy {
        if (mode == Mode.ROLLING && days <= 0 || mode == Mode.YEAR_END && years < 0 || warning.isNegative()) {
            throw new IllegalArgumentException("invalid expiry policy");
        }
    }

    /** When points that became spendable at {@code spendableAt} lapse; null = never. */
    public Instant expiresAt(Instant spendableAt) {
        return switch (mode) {
            case NEVER -> null;
            case ROLLING -> spendableAt.plus(Duration.ofDays(days));
            case YEAR_END -> LocalDate.ofInstant(spendableAt, zone).withDayOfYear(1).plusYears(years + 1L)
                    .atStartOfDay(zone).toInstant();
        };
    }

    /** When the warning about a lot expiring at {@code expiresAt} is due. */
    public Instant warnAt(Instant expiresAt) {
        return expiresAt.minus(warning);
    }
}
