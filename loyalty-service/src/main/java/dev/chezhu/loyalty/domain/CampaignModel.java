package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.List;

/** Campaigns: what is created, and what is read back. */
public final class CampaignModel {

    private CampaignModel() {
    }

    public enum BudgetEnforcement {
        ISSUE,
        REDEMPTION
    }

    public enum State {
        ACTIVE,
        PAUSED
    }

    /** A campaign as a client asked for it, before validation. Lists may be null. */
    public record CampaignCommand(String campaignId, String displayName, Discount discount, Instant startAt,
            Instant endAt, int couponValidityDays, Audience audience, long budgetCount, long budgetValue,
            BudgetEnforcement enforcement, int perPersonLimit, List<String> dealerIds, String codePattern,
            String requestId) {
    }

    /** A validated campaign to create (campaignId null = generate one). */
    public record CampaignSpec(String campaignId, String displayName, Discount discount, Instant startAt, Instant endAt,
            int couponValidityDays, Audience audience, long budgetCount, long budgetValue,
            BudgetEnforcement enforcement, int perPersonLimit, List<String> dealerIds, String codePattern,
            String requestId) {
    }

    /** Budget use: reserved by live coupons, published, redeemed (count and discount given). */
    public record Usage(long reservedCount, long reservedValue, long publishedCount, long redeemedCount,
            long redeemedValue) {
    }

    /** A campaign as stored. */
    public record Campaign(String campaignId, String displayName, Discount discount, Instant startAt, Instant endAt,
            int couponValidityDays, Audience audience, long budgetCount, long budgetValue,
            BudgetEnforcement enforcement, int perPersonLimit, List<String> dealerIds, String codePattern, State state,
            Usage usage, Instant createdAt) {

        /** Publishable and redeemable now. */
        public boolean live(Instant now) {
            return state == State.ACTIVE && !now.isBefore(startAt) && now.isBefore(endAt);
        }

        public boolean redeemableAt(String dealerId) {
            return dealerIds.isEmpty() || dealerIds.contains(dealerId);
        }
    }
}
