package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Coupons and redemptions as read back, with what redemption needs to know of their campaign. */
public final class CouponModel {

    private CouponModel() {
    }

    public enum State {
        ISSUED,
        REDEEMED,
        EXPIRED,
        VOIDED
    }

    /** A redemption at a dealer (rolledBackAt set when the dealer undid it). */
    public record Redemption(UUID redemptionId, String code, String dealerId, String requestId, long billAmount,
            long discountAmount, Instant redeemedAt, Instant rolledBackAt) {
    }

    /** What a coupon's campaign says about redeeming it. */
    public record Terms(String campaignId, String displayName, Discount discount, Instant startAt, Instant endAt,
            CampaignModel.State state, List<String> dealerIds, CampaignModel.BudgetEnforcement enforcement) {

        public boolean redeemableAt(String dealerId) {
            return dealerIds.isEmpty() || dealerIds.contains(dealerId);
        }
    }

    /**
     * One coupon: holder (personId; changes with merges), origin (who it was published to), state,
     * validity, whether it went to a lead, its campaign's terms and the redemption in force, if any.
     */
    public record Coupon(String code, String personId, String originPersonId, State state, long faceValue,
            Instant issuedAt, Instant expiresAt, boolean toLead, Terms terms, Redemption redemption) {

        public Coupon redeemed(Redemption redemption) {
            return new Coupon(code, personId, originPersonId, State.REDEEMED, faceValue, issuedAt, expiresAt, toLead,
                    terms, redemption);
        }

        public Coupon reissued() {
            return new Coupon(code, personId, originPersonId, State.ISSUED, faceValue, issuedAt, expiresAt, toLead, terms,
                    null);
        }
    }
}
