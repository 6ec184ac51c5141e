package dev.chezhu.loyalty.domain;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.domain.CampaignModel.BudgetEnforcement;
import dev.chezhu.loyalty.domain.CampaignModel.Campaign;
import dev.chezhu.loyalty.domain.CouponModel.Coupon;
import dev.chezhu.loyalty.domain.CouponModel.State;
import dev.chezhu.loyalty.domain.CouponModel.Terms;
import dev.chezhu.loyalty.persistence.AccountStore.AccountRow;
import dev.chezhu.loyalty.persistence.CampaignStore;
import dev.chezhu.loyalty.persistence.CouponReads;
import dev.chezhu.loyalty.persistence.CouponStore;
import dev.chezhu.platform.error.ServiceException;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Issues coupons: a new random code of a live campaign to a person in its audience, within the
 * per-person limit and (ISSUE budget) the campaign's budget, which each coupon reserves in the same
 * transaction with a conditional update of the campaign row.
 */
@ApplicationScoped
public class CouponIssuer {

    private static final int CODE_ATTEMPTS = 3;

    private final CampaignStore campaigns;
    private final CouponStore coupons;
    private final CouponReads reads;
    private final CouponCodes codes;
    private final PointsBook book;
    private final Requests requests;

    public CouponIssuer(CampaignStore campaigns, CouponStore coupons, CouponReads reads, CouponCodes codes,
            PointsBook book, Requests requests) {
        this.campaigns = campaigns;
        this.coupons = coupons;
        this.reads = reads;
        this.codes = codes;
        this.book = book;
        this.requests = requests;
    }

    /** PublishCoupon: one transaction, idempotent by request_id. */
    @WithSpan("Coupons.publish")
    @WithTransaction
    public Uni<Coupons.Published> publish(String campaignId, String personId, Profile profile, String requestId,
            Actor actor, Instant now) {
        Span.current().setAttribute("loyalty.person_id", personId);
        Span.current().setAttribute("loyalty.campaign_id", campaignId);
        String fingerprint = Fingerprint.of("PublishCoupon", campaignId, personId);
        return requests.claim(requestId, "PublishCoupon", fingerprint, actor, now).flatMap(replay -> {
            if (replay.isPresent()) {
                String code = replay.get().substring("coupon:".length());
                return reads.find(code).map(c -> new Coupons.Published(c.orElseThrow(), true));
            }
            return book.lockHolder(personId, now)
                    .flatMap(holder -> issue(campaignId, personId, holder, profile, now, null))
                    .call(coupon -> requests.complete(requestId, "coupon:" + coupon.code()))
                    .map(coupon -> new Coupons.Published(coupon, false));
        });
    }

    /**
     * Issues one coupon inside the caller's transaction, the holder's account row locked (so the
     * per-person limit cannot be raced). Refusals: CAMPAIGN_NOT_FOUND, CAMPAIGN_NOT_LIVE,
     * NOT_IN_AUDIENCE, PER_PERSON_LIMIT_REACHED, BUDGET_EXHAUSTED.
     */
    public Uni<Coupon> issue(String campaignId, String personId, AccountRow holder, Profile profile, Instant now,
            String offerRuleId) {
        return campaigns.find(campaignId).flatMap(found -> {
            Campaign campaign = found.orElseThrow(() -> ServiceException.notFound("CAMPAIGN_NOT_FOUND",
                    Names.campaign(campaignId)));
            if (!campaign.live(now)) {
                throw ServiceException.failedPrecondition("CAMPAIGN_NOT_LIVE", Names.campaign(campaignId)
                        + " is not live (state " + campaign.state() + ", " + campaign.startAt() + " to "
                        + campaign.endAt() + ")");
            }
            if (!campaign.audience().matches(profile, holder.tier())) {
                throw ServiceException.failedPrecondition("NOT_IN_AUDIENCE", "the person is not in the audience of "
                        + Names.campaign(campaignId) + ": " + campaign.audience().mismatch(profile, holder.tier()));
            }
            long face = campaign.discount().faceValue();
            return coupons.countHeld(campaignId, holder.personId()).flatMap(held -> {
                if (held >= campaign.perPersonLimit()) {
                    throw ServiceException.failedPrecondition("PER_PERSON_LIMIT_REACHED", "the person holds "
                            + held + " coupons of " + Names.campaign(campaignId) + " (limit "
                            + campaign.perPersonLimit() + ")");
                }
                Uni<Boolean> reserved = campaign.enforcement() == BudgetEnforcement.ISSUE
                        ? campaigns.reserve(campaignId, face, now)
                        : Uni.createFrom().item(true);
                return reserved;
            }).flatMap(ok -> {
                if (!ok) {
                    throw budgetExhausted(campaignId);
                }
                Instant expires = now.plus(Duration.ofDays(campaign.couponValidityDays()));
                if (expires.isAfter(campaign.endAt())) {
                    expires = campaign.endAt();
                }
                Instant expiresAt = expires;
                boolean toLead = profile.lead();
                return insertWithFreshCode(campaign, holder.personId(), personId, toLead, face, now, expiresAt,
                        offerRuleId, CODE_ATTEMPTS).map(code -> new Coupon(code, holder.personId(), personId,
                                State.ISSUED, face, now, expiresAt, toLead, terms(campaign), null));
            });
        });
    }

    public static ServiceException budgetExhausted(String campaignId) {
        return new ServiceException(Status.Code.RESOURCE_EXHAUSTED, "BUDGET_EXHAUSTED",
                Names.campaign(campaignId) + " has no budget left", java.util.Map.of("campaign",
                        Names.campaign(campaignId)), java.util.List.of());
    }

    private Uni<String> insertWithFreshCode(Campaign campaign, String holder, String origin, boolean toLead, long face,
            Instant now, Instant expiresAt, String offerRuleId, int attempts) {
        String code = codes.generate(campaign.codePattern());
        return coupons.insert(code, campaign.campaignId(), holder, origin, toLead, face, now, expiresAt, offerRuleId)
                .flatMap(inserted -> {
                    if (inserted) {
                        return Uni.createFrom().item(code);
                    }
                    if (attempts <= 1) {
                        throw new IllegalStateException("no free code after " + CODE_ATTEMPTS + " attempts");
                    }
                    return insertWithFreshCode(campaign, holder, origin, toLead, face, now, expiresAt, offerRuleId,
                            attempts - 1);
                });
    }

    /** The account holding a person's coupons now (the survivor after a merge). */
    @io.quarkus.hibernate.reactive.panache.common.WithSession
    public Uni<String> holderOf(String personId) {
        return book.holderOf(personId);
    }

    static Terms terms(Campaign campaign) {
        return new Terms(campaign.campaignId(), campaign.displayName(), campaign.discount(), campaign.startAt(),
                campaign.endAt(), campaign.state(), campaign.dealerIds(), campaign.enforcement());
    }
}
