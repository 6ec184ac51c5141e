package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.Optional;

import dev.chezhu.loyalty.domain.CouponModel.Coupon;
import dev.chezhu.platform.error.ServiceException;

/**
 * Whether a dealer may redeem a coupon now. The dealer is checked first (another dealer's coupon says
 * nothing about its state), then whose coupon it is, its state and validity, and its campaign.
 */
public final class RedemptionRules {

    private RedemptionRules() {
    }

    public static void check(Coupon coupon, String dealerId, Optional<String> presentedBy, Instant now) {
        if (!coupon.terms().redeemableAt(dealerId)) {
            throw ServiceException.permissionDenied("DEALER_NOT_ALLOWED", "coupon " + coupon.code()
                    + " cannot be redeemed at dealer " + dealerId);
        }
        if (presentedBy.isPresent() && !presentedBy.get().equals(coupon.personId())
                && !presentedBy.get().equals(coupon.originPersonId())) {
            throw ServiceException.failedPrecondition("COUPON_NOT_OWNED",
                    "coupon " + coupon.code() + " belongs to another person");
        }
        switch (coupon.state()) {
            case REDEEMED -> throw ServiceException.failedPrecondition("COUPON_ALREADY_REDEEMED",
                    "coupon " + coupon.code() + " was redeemed already");
            case VOIDED -> throw ServiceException.failedPrecondition("COUPON_VOIDED",
                    "coupon " + coupon.code() + " was withdrawn");
            case EXPIRED -> throw expired(coupon);
            case ISSUED -> {
                if (!now.isBefore(coupon.expiresAt())) {
                    throw expired(coupon);
                }
            }
        }
        CouponModel.Terms terms = coupon.terms();
        if (terms.state() != CampaignModel.State.ACTIVE) {
            throw ServiceException.failedPrecondition("CAMPAIGN_NOT_ACTIVE", "campaign " + terms.campaignId()
                    + " is paused");
        }
        if (now.isBefore(terms.startAt())) {
            throw ServiceException.failedPrecondition("CAMPAIGN_NOT_STARTED", "campaign " + terms.campaignId()
                    + " starts at " + terms.startAt());
        }
        if (!now.isBefore(terms.endAt())) {
            throw ServiceException.failedPrecondition("CAMPAIGN_ENDED", "campaign " + terms.campaignId()
                    + " ended at " + terms.endAt());
        }
    }

    private static ServiceException expired(Coupon coupon) {
        return ServiceException.failedPrecondition("COUPON_EXPIRED", "coupon " + coupon.code() + " expired at "
                + coupon.expiresAt());
    }

    /** The discount on a bill; a percentage coupon needs the bill. */
    public static long discount(Coupon coupon, long bill) {
        Discount discount = coupon.terms().discount();
        if (discount.needsBill() && bill <= 0) {
            throw ServiceException.invalidField("bill_amount",
                    "required (> 0) for a percentage coupon: the bill in fen");
        }
        return discount.on(bill);
    }
}
