package dev.chezhu.loyalty.domain;

/**
 * How one reason earns points. Spend-based rules give {@code pointsPerYuan} per whole yuan spent
 * (times the tier multiplier); fixed rules give {@code fixedPoints}. Earned points wait
 * {@code pendingDays} before they can be spent (0 = at once). {@code oncePerPerson} allows one earn
 * of this reason per person ever; {@code dailyLimit} (0 = none) caps earns of this reason per day.
 */
public record EarnRule(CreditReason reason, boolean spendBased, long pointsPerYuan, long fixedPoints, int pendingDays,
        boolean oncePerPerson, int dailyLimit) {

    public EarnRule {
        if (spendBased ? pointsPerYuan <= 0 : fixedPoints <= 0) {
            throw new IllegalArgumentException("rule " + reason + " gives no points");
        }
        if (pendingDays < 0 || dailyLimit < 0) {
            throw new IllegalArgumentException("rule " + reason + ": negative pending days or daily limit");
        }
    }

    /** The points this rule gives for a spend (in fen) at a tier, and how it got there. */
    public EarnQuote quote(long spendAmount, TierLevel tier) {
        if (!spendBased) {
            return new EarnQuote(fixedPoints, describe(tier));
        }
        long yuan = spendAmount / 100;
        long points = Math.multiplyExact(Math.multiplyExact(yuan, pointsPerYuan), tier.earnMultiplierPercent()) / 100;
        return new EarnQuote(points, describe(tier));
    }

    private String describe(TierLevel tier) {
        String pending = pendingDays == 0 ? "spendable at once" : "pending " + pendingDays + " days";
        if (!spendBased) {
            return reason + ": " + fixedPoints + " points, " + pending;
        }
        String multiplier = tier.earnMultiplierPercent() == 100 ? ""
                : " x" + java.math.BigDecimal.valueOf(tier.earnMultiplierPercent(), 2).stripTrailingZeros().toPlainString()
                        + " (" + tier.code() + ")";
        return reason + ": " + pointsPerYuan + " point" + (pointsPerYuan == 1 ? "" : "s") + " per 1.00 CNY" + multiplier
                + ", " + pending;
    }

    /** Points and the receipt line of one earn. */
    public record EarnQuote(long points, String description) {
    }
}
