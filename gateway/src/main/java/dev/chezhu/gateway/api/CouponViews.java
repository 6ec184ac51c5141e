package dev.chezhu.gateway.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.chezhu.loyalty.v1.Campaign;
import dev.chezhu.loyalty.v1.Coupon;
import dev.chezhu.loyalty.v1.Discount;
import dev.chezhu.loyalty.v1.Redemption;

/** JSON shapes of campaigns, coupons and redemptions. Money is in fen (1/100 CNY). */
public final class CouponViews {

    private CouponViews() {
    }

    static String personOf(String account) {
        return account.startsWith("accounts/") ? account.substring("accounts/".length()) : account;
    }

    public record DiscountView(@Schema(example = "amount", description = "amount, percentage, free_service_item") String kind,
            @Schema(description = "fen off the bill (amount)", example = "5000") long amount,
            @Schema(description = "1-100 (percentage)") int percent,
            @Schema(description = "cap in fen (percentage)") long maxAmount,
            @Schema(example = "OIL_CHANGE") String serviceItem, long itemValue) {

        static DiscountView from(Discount d) {
            return new DiscountView(Json.enumName(d.getKind(), "DISCOUNT_KIND_"), d.getAmount(), d.getPercent(),
                    d.getMaxAmount(), d.getServiceItem(), d.getItemValue());
        }
    }

    public record RedemptionView(@Schema(example = "coupons/CZ-7K3M-Q9TX-2WFD/redemptions/r-1") String name,
            String redemptionId, @Schema(example = "D001") String dealerId, long billAmount, long discountAmount,
            Instant redeemTime, Instant rollbackTime) {

        static RedemptionView from(Redemption r) {
            return r.getName().isEmpty() ? null
                    : new RedemptionView(r.getName(), r.getRedemptionId(), r.getDealerId(), r.getBillAmount(),
                            r.getDiscountAmount(), Json.instant(r.getRedeemTime()), Json.instant(r.getRollbackTime()));
        }
    }

    @Schema(description = "An e-voucher published to one person")
    public record CouponView(String name, @Schema(example = "CZ-7K3M-Q9TX-2WFD") String code,
            @Schema(example = "campaigns/winter-check") String campaign, String displayName, String personId,
            @Schema(example = "issued", description = "issued, redeemed, expired, voided") String state,
            DiscountView discount, Instant issueTime, Instant expireTime, List<String> dealerIds,
            @Schema(description = "Signed payload for the store's QR scanner") String qrPayload,
            RedemptionView redemption) {

        static CouponView from(Coupon c) {
            return new CouponView(c.getName(), c.getCode(), c.getCampaign(), c.getDisplayName(),
                    personOf(c.getAccount()), Json.enumName(c.getState(), "COUPON_STATE_"),
                    DiscountView.from(c.getDiscount()), Json.instant(c.getIssueTime()), Json.instant(c.getExpireTime()),
                    c.getDealerIdsList(), c.getQrPayload().isEmpty() ? null : c.getQrPayload(),
                    c.hasRedemption() ? RedemptionView.from(c.getRedemption()) : null);
        }
    }

    public record CouponsView(List<CouponView> coupons, String nextPageToken) {
    }

    public record PublishedView(CouponView coupon, boolean replayed) {
    }

    @Schema(description = "The person who receives the coupon")
    public record PublishInput(@Schema(example = "0b7c6f0e-...") String personId) {
    }

    @Schema(description = "A coupon at the counter: its code as typed, or the scanned QR payload")
    public record CounterInput(@Schema(example = "CZ-7K3M-Q9TX-2WFD") String code, String qrPayload,
            @Schema(description = "The bill in fen, to compute a percentage discount", example = "68000") long billAmount,
            @Schema(description = "The customer at the counter; the coupon must be theirs") String personId,
            @Schema(description = "When given, must be the caller's own dealer", example = "D001") String dealerId) {
    }

    public record ValidationView(CouponView coupon, long discountAmount) {
    }

    public record RedeemedView(CouponView coupon, RedemptionView redemption, boolean replayed) {
    }

    public record RollbackInput(@Schema(example = "CUSTOMER_CANCELLED") String reason) {
    }

    public record QrInput(String qrPayload) {
    }

    public record QrVerificationView(boolean valid, String code, String campaign, Instant expireTime,
            @Schema(description = "When not valid: MALFORMED, UNKNOWN_KEY or BAD_SIGNATURE") String reason) {
    }

    public record CampaignView(String name, String campaignId, String displayName, DiscountView discount,
            Instant startTime, Instant endTime, int couponValidityDays, int perPersonLimit, List<String> dealerIds,
            @Schema(example = "active") String state, long publishedCount, long redeemedCount, long redeemedValue,
            Instant createTime) {

        static CampaignView from(Campaign c) {
            return new CampaignView(c.getName(), c.getCampaignId(), c.getDisplayName(), DiscountView.from(c.getDiscount()),
                    Json.instant(c.getStartTime()), Json.instant(c.getEndTime()), c.getCouponValidityDays(),
                    c.getPerPersonLimit(), c.getDealerIdsList(), Json.enumName(c.getState(), "CAMPAIGN_STATE_"),
                    c.getUsage().getPublishedCount(), c.getUsage().getRedeemedCount(), c.getUsage().getRedeemedValue(),
                    Json.instant(c.getCreateTime()));
        }
    }

    public record CampaignsView(List<CampaignView> campaigns, String nextPageToken) {
    }
}
