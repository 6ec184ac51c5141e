package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.domain.CouponModel.Coupon;
import dev.chezhu.loyalty.domain.OfferModel.Decided;
import dev.chezhu.loyalty.domain.OfferModel.Decision;
import dev.chezhu.loyalty.domain.OfferModel.OfferRule;
import dev.chezhu.loyalty.domain.OfferModel.Outcome;
import dev.chezhu.loyalty.domain.OfferModel.Trigger;
import dev.chezhu.loyalty.persistence.AccountStore.AccountRow;
import dev.chezhu.loyalty.persistence.CouponReads;
import dev.chezhu.loyalty.persistence.OfferStore;
import dev.chezhu.loyalty.v1.OfferMade;
import dev.chezhu.platform.error.ServiceException;
import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The transaction of one offer decision. */
@ApplicationScoped
public class OfferSteps {

    /** Refusals of publication that make the next rule worth trying. */
    private static final List<String> TRY_NEXT = List.of("BUDGET_EXHAUSTED", "PER_PERSON_LIMIT_REACHED",
            "CAMPAIGN_NOT_LIVE", "NOT_IN_AUDIENCE", "CAMPAIGN_NOT_FOUND");

    private final OfferStore store;
    private final CouponIssuer issuer;
    private final CouponReads reads;
    private final PointsBook book;
    private final Requests requests;
    private final LoyaltyEvents events;

    public OfferSteps(OfferStore store, CouponIssuer issuer, CouponReads reads, PointsBook book, Requests requests,
            LoyaltyEvents events) {
        this.store = store;
        this.issuer = issuer;
        this.reads = reads;
        this.book = book;
        this.requests = requests;
        this.events = events;
    }

    @WithTransaction
    public Uni<Decided> decide(String personId, Trigger trigger, String sourceReference, String requestKey, Actor actor,
            ConsentGate.Decision consent, Profile profile, Instant now) {
        Span.current().setAttribute("loyalty.person_id", personId);
        String fingerprint = Fingerprint.of("Offer", personId, trigger, sourceReference);
        return requests.claim(requestKey, "Offer", fingerprint, actor, now).flatMap(replay -> {
            if (replay.isPresent()) {
                return load(UUID.fromString(replay.get().substring("decision:".length())))
                        .map(d -> new Decided(d, true));
            }
            return book.lockHolder(personId, now).flatMap(holder -> {
                if (!consent.granted()) {
                    return record(personId, trigger, sourceReference, Outcome.NO_CONSENT, null, null,
                            "no marketing consent (" + consent.state() + "): " + consent.reason(), now);
                }
                return store.rules(trigger, 0, 1000).flatMap(rules -> {
                    List<OfferRule> fitting = rules.stream()
                            .filter(r -> r.audience().matches(profile, holder.tier())).toList();
                    if (fitting.isEmpty()) {
                        return record(personId, trigger, sourceReference, Outcome.NO_MATCHING_RULE, null, null,
                                "no " + trigger + " rule fits the person's profile and tier " + holder.tier(), now);
                    }
                    return book.family(holder.personId()).flatMap(family -> attempt(fitting, 0, family, holder,
                            personId, trigger, sourceReference, profile, now, "no fitting rule could publish"));
                });
            }).call(d -> requests.complete(requestKey, "decision:" + d.decisionId()))
                    .map(d -> new Decided(d, false));
        });
    }

    /** Tries the fitting rules in priority order: capped stops; a campaign that cannot publish passes on. */
    private Uni<Decision> attempt(List<OfferRule> fitting, int index, List<String> family, AccountRow holder,
            String personId, Trigger trigger, String sourceReference, Profile profile, Instant now, String why) {
        if (index >= fitting.size()) {
            return record(personId, trigger, sourceReference, Outcome.NO_MATCHING_RULE, null, null, why, now);
        }
        OfferRule rule = fitting.get(index);
        return store.offersSince(family, trigger.name(), now.minus(Offers.window(rule))).flatMap(recent -> {
            if (recent >= rule.maxOffers()) {
                return record(personId, trigger, sourceReference, Outcome.FREQUENCY_CAPPED, rule.offerRuleId(), null,
                        recent + " " + trigger + " offer(s) in the last " + rule.capWindowDays() + " days (cap "
                                + rule.maxOffers() + ")", now);
            }
            return issuer.issue(rule.campaignId(), personId, holder, profile, now, rule.offerRuleId())
                    .flatMap(coupon -> record(personId, trigger, sourceReference, Outcome.OFFERED, rule.offerRuleId(),
                            coupon, "rule " + rule.offerRuleId() + " offered " + coupon.terms().displayName(), now)
                            .call(d -> events.publish(personId, OfferMade.newBuilder()
                                    .setPersonId(personId)
                                    .setTrigger("OFFER_TRIGGER_" + trigger.name())
                                    .setOfferRule(Names.offerRule(rule.offerRuleId()))
                                    .setCoupon(Names.coupon(coupon.code()))
                                    .setCampaign(Names.campaign(rule.campaignId()))
                                    .setSourceReference(sourceReference)
                                    .setOfferTime(ProtoTime.of(now))
                                    .build())))
                    .onFailure(f -> f instanceof ServiceException s && TRY_NEXT.contains(s.reason()))
                    .recoverWithUni(f -> attempt(fitting, index + 1, family, holder, personId, trigger,
                            sourceReference, profile, now, "rule " + rule.offerRuleId() + ": "
                                    + ((ServiceException) f).reason()));
        });
    }

    private Uni<Decision> record(String personId, Trigger trigger, String sourceReference, Outcome outcome,
            String ruleId, Coupon coupon, String explanation, Instant now) {
        Decision decision = new Decision(UUID.randomUUID(), personId, trigger, sourceReference, outcome, ruleId, coupon,
                explanation, now);
        return store.insertDecision(new OfferStore.DecisionRow(decision.decisionId(), personId, trigger.name(),
                sourceReference, outcome.name(), ruleId, coupon == null ? null : coupon.code(), explanation, now))
                .replaceWith(decision);
    }

    private Uni<Decision> load(UUID decisionId) {
        return store.decision(decisionId).flatMap(found -> {
            OfferStore.DecisionRow row = found.orElseThrow();
            Uni<Coupon> coupon = row.couponCode() == null ? Uni.createFrom().nullItem()
                    : reads.find(row.couponCode()).map(c -> c.orElse(null));
            return coupon.map(c -> new Decision(row.decisionId(), row.personId(), Trigger.valueOf(row.trigger()),
                    row.sourceReference(), Outcome.valueOf(row.outcome()), row.offerRuleId(), c, row.explanation(),
                    row.decidedAt()));
        });
    }
}
