package dev.chezhu.loyalty.grpc;

import static dev.chezhu.loyalty.grpc.LoyaltyMapper.timestamp;

import java.time.Instant;

import dev.chezhu.loyalty.domain.AccountName;
import dev.chezhu.loyalty.domain.Audience;
import dev.chezhu.loyalty.domain.CampaignModel;
import dev.chezhu.loyalty.domain.CouponModel;
import dev.chezhu.loyalty.domain.Discount;
import dev.chezhu.loyalty.domain.Names;
import dev.chezhu.loyalty.domain.OfferModel;
import dev.chezhu.loyalty.domain.ProtoTime;
import dev.chezhu.loyalty.v1.Budget;
import dev.chezhu.loyalty.v1.BudgetEnforcement;
import dev.chezhu.loyalty.v1.BudgetUsage;
import dev.chezhu.loyalty.v1.Campaign;
import dev.chezhu.loyalty.v1.CampaignState;
import dev.chezhu.loyalty.v1.Coupon;
import dev.chezhu.loyalty.v1.CouponState;
import dev.chezhu.loyalty.v1.CreateCampaignRequest;
import dev.chezhu.loyalty.v1.CreateOfferRuleRequest;
import dev.chezhu.loyalty.v1.DiscountKind;
import dev.chezhu.loyalty.v1.OfferDecision;
import dev.chezhu.loyalty.v1.OfferOutcome;
import dev.chezhu.loyalty.v1.OfferRule;
import dev.chezhu.loyalty.v1.OfferTrigger;
import dev.chezhu.loyalty.v1.Redemption;

/** Wire types ↔ domain types for campaigns, coupons and offers. */
final class CouponMapper {

    private CouponMapper() {
    }

    static Discount toDomain(dev.chezhu.loyalty.v1.Discount d) {
        Discount.Kind kind = switch (d.getKind()) {
            case DISCOUNT_KIND_AMOUNT -> Discount.Kind.AMOUNT;
            case DISCOUNT_KIND_PERCENTAGE -> Discount.Kind.PERCENTAGE;
            case DISCOUNT_KIND_FREE_SERVICE_ITEM -> Discount.Kind.FREE_SERVICE_ITEM;
            default -> null;
        };
        return kind == null ? null : new Discount(kind, d.getAmount(), d.getPercent(), d.getMaxAmount(),
                d.getServiceItem().isEmpty() ? null : d.getServiceItem(), d.getItemValue());
    }

    static dev.chezhu.loyalty.v1.Discount toWire(Discount d) {
        dev.chezhu.loyalty.v1.Discount.Builder wire = dev.chezhu.loyalty.v1.Discount.newBuilder()
                .setKind(DiscountKind.valueOf("DISCOUNT_KIND_" + d.kind().name()))
                .setAmount(d.amount())
                .setPercent(d.percent())
                .setMaxAmount(d.maxAmount())
                .setItemValue(d.itemValue());
        if (d.serviceItem() != null) {
            wire.setServiceItem(d.serviceItem());
        }
        return wire.build();
    }

    static Audience toDomain(dev.chezhu.loyalty.v1.Audience a) {
        return new Audience(a.getLifecycleStagesList(), a.getTagsList(), a.getVehicleModelsList(), a.getTiersList());
    }

    static dev.chezhu.loyalty.v1.Audience toWire(Audience a) {
        return dev.chezhu.loyalty.v1.Audience.newBuilder()
                .addAllLifecycleStages(a.lifecycleStages())
                .addAllTags(a.tags())
                .addAllVehicleModels(a.vehicleModels())
                .addAllTiers(a.tiers())
                .build();
    }

    static CampaignModel.CampaignCommand toCommand(CreateCampaignRequest request) {
        Campaign c = request.getCampaign();
        CampaignModel.BudgetEnforcement enforcement = switch (c.getBudget().getEnforcement()) {
            case BUDGET_ENFORCEMENT_REDEMPTION -> CampaignModel.BudgetEnforcement.REDEMPTION;
            default -> CampaignModel.BudgetEnforcement.ISSUE;
        };
        return new CampaignModel.CampaignCommand(request.getCampaignId(), c.getDisplayName(),
                c.hasDiscount() ? toDomain(c.getDiscount()) : null,
                c.hasStartTime() ? ProtoTime.instant(c.getStartTime()) : null,
                c.hasEndTime() ? ProtoTime.instant(c.getEndTime()) : null, c.getCouponValidityDays(),
                toDomain(c.getAudience()), c.getBudget().getMaxCount(), c.getBudget().getMaxValue(), enforcement,
                c.getPerPersonLimit(), c.getDealerIdsList(), c.getCodePattern(), request.getRequestId());
    }

    static Campaign toWire(CampaignModel.Campaign c) {
        return Campaign.newBuilder()
                .setName(Names.campaign(c.campaignId()))
                .setCampaignId(c.campaignId())
                .setDisplayName(c.displayName())
                .setDiscount(toWire(c.discount()))
                .setStartTime(timestamp(c.startAt()))
                .setEndTime(timestamp(c.endAt()))
                .setCouponValidityDays(c.couponValidityDays())
                .setAudience(toWire(c.audience()))
                .setBudget(Budget.newBuilder().setMaxCount(c.budgetCount()).setMaxValue(c.budgetValue())
                        .setEnforcement(BudgetEnforcement.valueOf("BUDGET_ENFORCEMENT_" + c.enforcement().name())))
                .setPerPersonLimit(c.perPersonLimit())
                .addAllDealerIds(c.dealerIds())
                .setCodePattern(c.codePattern())
                .setState(CampaignState.valueOf("CAMPAIGN_STATE_" + c.state().name()))
                .setUsage(BudgetUsage.newBuilder()
                        .setReservedCount(c.usage().reservedCount())
                        .setReservedValue(c.usage().reservedValue())
                        .setPublishedCount(c.usage().publishedCount())
                        .setRedeemedCount(c.usage().redeemedCount())
                        .setRedeemedValue(c.usage().redeemedValue()))
                .setCreateTime(timestamp(c.createdAt()))
                .build();
    }

    static Redemption toWire(CouponModel.Redemption r) {
        Redemption.Builder wire = Redemption.newBuilder()
                .setName(Names.redemption(r.code(), r.redemptionId()))
                .setRedemptionId(r.redemptionId().toString())
                .setDealerId(r.dealerId())
                .setBillAmount(r.billAmount())
                .setDiscountAmount(r.discountAmount())
                .setRedeemTime(timestamp(r.redeemedAt()));
        if (r.rolledBackAt() != null) {
            wire.setRollbackTime(timestamp(r.rolledBackAt()));
        }
        return wire.build();
    }

    /** A coupon; {@code qrPayload} null leaves it out (the counter's answers do not need it). */
    static Coupon toWire(CouponModel.Coupon c, String qrPayload) {
        Coupon.Builder wire = Coupon.newBuilder()
                .setName(Names.coupon(c.code()))
                .setCode(c.code())
                .setCampaign(Names.campaign(c.terms().campaignId()))
                .setDisplayName(c.terms().displayName())
                .setAccount(AccountName.of(c.personId()))
                .setState(CouponState.valueOf("COUPON_STATE_" + c.state().name()))
                .setDiscount(toWire(c.terms().discount()))
                .setIssueTime(timestamp(c.issuedAt()))
                .setExpireTime(timestamp(c.expiresAt()))
                .addAllDealerIds(c.terms().dealerIds());
        if (qrPayload != null) {
            wire.setQrPayload(qrPayload);
        }
        if (c.redemption() != null && c.state() == CouponModel.State.REDEEMED) {
            wire.setRedemption(toWire(c.redemption()));
        }
        return wire.build();
    }

    static CouponModel.State toDomain(CouponState state) {
        return switch (state) {
            case COUPON_STATE_ISSUED -> CouponModel.State.ISSUED;
            case COUPON_STATE_REDEEMED -> CouponModel.State.REDEEMED;
            case COUPON_STATE_EXPIRED -> CouponModel.State.EXPIRED;
            case COUPON_STATE_VOIDED -> CouponModel.State.VOIDED;
            default -> null;
        };
    }

    static OfferModel.Trigger toDomain(OfferTrigger trigger) {
        return switch (trigger) {
            case OFFER_TRIGGER_SERVICE_DUE -> OfferModel.Trigger.SERVICE_DUE;
            case OFFER_TRIGGER_LONG_WAIT -> OfferModel.Trigger.LONG_WAIT;
            case OFFER_TRIGGER_RECALL -> OfferModel.Trigger.RECALL;
            case OFFER_TRIGGER_DELAY -> OfferModel.Trigger.DELAY;
            default -> null;
        };
    }

    static OfferModel.OfferRuleCommand toCommand(CreateOfferRuleRequest request) {
        OfferRule r = request.getOfferRule();
        return new OfferModel.OfferRuleCommand(request.getOfferRuleId(), toDomain(r.getTrigger()), r.getCampaign(),
                toDomain(r.getAudience()), r.getPriority(), r.getMaxOffers(), r.getCapWindowDays(),
                request.getRequestId());
    }

    static OfferRule toWire(OfferModel.OfferRule r) {
        return OfferRule.newBuilder()
                .setName(Names.offerRule(r.offerRuleId()))
                .setOfferRuleId(r.offerRuleId())
                .setTrigger(OfferTrigger.valueOf("OFFER_TRIGGER_" + r.trigger().name()))
                .setCampaign(Names.campaign(r.campaignId()))
                .setAudience(toWire(r.audience()))
                .setPriority(r.priority())
                .setMaxOffers(r.maxOffers())
                .setCapWindowDays(r.capWindowDays())
                .setCreateTime(timestamp(r.createdAt()))
                .build();
    }

    static OfferDecision toWire(OfferModel.Decision d, String qrPayload) {
        OfferDecision.Builder wire = OfferDecision.newBuilder()
                .setOutcome(OfferOutcome.valueOf("OFFER_OUTCOME_" + d.outcome().name()))
                .setExplanation(d.explanation());
        if (d.offerRuleId() != null) {
            wire.setOfferRule(Names.offerRule(d.offerRuleId()));
        }
        if (d.coupon() != null) {
            wire.setCoupon(toWire(d.coupon(), qrPayload));
        }
        return wire.build();
    }

    static Instant instant(com.google.protobuf.Timestamp t) {
        return ProtoTime.instant(t);
    }
}
