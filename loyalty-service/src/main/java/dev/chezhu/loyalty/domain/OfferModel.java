package dev.chezhu.loyalty.domain;

import java.time.Instant;

import dev.chezhu.loyalty.domain.CouponModel.Coupon;

/** Triggered, personal offers: rules and what they decided. */
public final class OfferModel {

    private OfferModel() {
    }

    public enum Trigger {
        SERVICE_DUE,
        LONG_WAIT,
        RECALL,
        DELAY
    }

    public enum Outcome {
        OFFERED,
        NO_CONSENT,
        FREQUENCY_CAPPED,
        NO_MATCHING_RULE
    }

    /** When an event of {@code trigger} concerns a person whose profile fits the audience, offer a coupon of the campaign. */
    public record OfferRule(String offerRuleId, Trigger trigger, String campaignId, Audience audience, int priority,
            int maxOffers, int capWindowDays, Instant createdAt) {
    }

    public record OfferRuleCommand(String offerRuleId, Trigger trigger, String campaign, Audience audience, int priority,
            int maxOffers, int capWindowDays, String requestId) {
    }

    /** What an event led to for a person. */
    public record Decision(java.util.UUID decisionId, String personId, Trigger trigger, String sourceReference,
            Outcome outcome, String offerRuleId, Coupon coupon, String explanation, Instant decidedAt) {
    }

    public record Decided(Decision decision, boolean replayed) {
    }
}
