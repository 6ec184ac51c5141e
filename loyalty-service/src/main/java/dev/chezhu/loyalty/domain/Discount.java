package dev.chezhu.loyalty.domain;

/**
 * What a coupon gives. Amounts in fen. The face value is the most one coupon can give: what it
 * reserves of a campaign's value budget.
 */
public record Discount(Kind kind, long amount, int percent, long maxAmount, String serviceItem, long itemValue) {

    public enum Kind {
        AMOUNT,
        PERCENTAGE,
        FREE_SERVICE_ITEM
    }

    public long faceValue() {
        return switch (kind) {
            case AMOUNT -> amount;
            case PERCENTAGE -> maxAmount;
            case FREE_SERVICE_ITEM -> itemValue;
        };
    }

    /** True when the discount depends on the bill (the counter must say how much the bill is). */
    public boolean needsBill() {
        return kind == Kind.PERCENTAGE;
    }

    /** The discount on a bill (fen; 0 = not given): never more than the bill, when the bill is given. */
    public long on(long bill) {
        return switch (kind) {
            case AMOUNT -> bill > 0 ? Math.min(amount, bill) : amount;
            case PERCENTAGE -> Math.min(maxAmount, Math.multiplyExact(bill, (long) percent) / 100);
            case FREE_SERVICE_ITEM -> itemValue;
        };
    }
}
