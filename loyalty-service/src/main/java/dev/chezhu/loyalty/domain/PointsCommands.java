package dev.chezhu.loyalty.domain;

/** Points requests as received, before validation. */
public final class PointsCommands {

    private PointsCommands() {
    }

    public record EarnCommand(String account, String reason, long spendAmount, String sourceReference,
            String requestId) {
    }

    public record Earn(String personId, EarnRule rule, long spendAmount, String sourceReference, String requestId) {
    }

    public record SpendCommand(String account, long points, String reason, String sourceReference, String requestId) {
    }

    /** A validated redeem (points > 0) or adjustment (points signed, not 0). */
    public record Spend(String personId, long points, String reason, String sourceReference, String requestId) {
    }

    public record ReverseCommand(String account, String sourceReference, String entry, String reason,
            ReversalPolicy policy, String requestId) {
    }

    /** A validated reversal: by source reference, or of one entry. policy null = the service default. */
    public record Reverse(String personId, String sourceReference, java.util.UUID entryId, String reason,
            ReversalPolicy policy, String requestId) {
    }
}
