package dev.chezhu.loyalty.domain;

/** One tier: reached with {@code threshold} qualifying points (or fen of spend); earns at a multiplier. */
public record TierLevel(String code, long threshold, int earnMultiplierPercent) {

    public TierLevel {
        if (!code.matches("[A-Z][A-Z0-9_]{0,31}") || threshold < 0 || earnMultiplierPercent < 100) {
            throw new IllegalArgumentException("invalid tier " + code);
        }
    }
}
