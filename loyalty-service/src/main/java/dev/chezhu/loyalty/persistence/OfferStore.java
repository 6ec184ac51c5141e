package dev.chezhu.loyalty.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.chezhu.loyalty.domain.Audience;
import dev.chezhu.loyalty.domain.OfferModel.OfferRule;
import dev.chezhu.loyalty.domain.OfferModel.Trigger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Offer rules and the decisions they made. */
@ApplicationScoped
@WithSession
public class OfferStore {

    /** A stored decision (the coupon by code). */
    public record DecisionRow(UUID decisionId, String personId, String trigger, String sourceReference, String outcome,
            String offerRuleId, String couponCode, String explanation, Instant decidedAt) {
    }

    private static final String RULE_COLUMNS = "offer_rule_id, trigger, campaign_id, audience_lifecycles, audience_tags, "
            + "audience_models, audience_tiers, priority, max_offers, cap_window_days, created_at";

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    private static OfferRule rule(Object[] r) {
        return new OfferRule(Rows.text(r[0]), Trigger.valueOf(Rows.text(r[1])), Rows.text(r[2]),
                new Audience(Rows.list(r[3]), Rows.list(r[4]), Rows.list(r[5]), Rows.list(r[6])), Rows.intValue(r[7]),
                Rows.intValue(r[8]), Rows.intValue(r[9]), Rows.instant(r[10]));
    }

    public Uni<Boolean> insert(OfferRule rule) {
        return session().flatMap(s -> s.createNativeQuery("insert into offer_rule (" + RULE_COLUMNS + ") values (:id, "
                + ":trigger, :campaign, :lifecycles, :tags, :models, :tiers, :priority, :max, :window, :now) "
                + "on conflict (offer_rule_id) do nothing")
                .setParameter("id", rule.offerRuleId())
                .setParameter("trigger", rule.trigger().name())
                .setParameter("campaign", rule.campaignId())
                .setParameter("lifecycles", Rows.joined(rule.audience().lifecycleStages()))
                .setParameter("tags", Rows.joined(rule.audience().tags()))
                .setParameter("models", Rows.joined(rule.audience().vehicleModels()))
                .setParameter("tiers", Rows.joined(rule.audience().tiers()))
                .setParameter("priority", rule.priority())
                .setParameter("max", rule.maxOffers())
                .setParameter("window", rule.capWindowDays())
                .setParameter("now", rule.createdAt())
                .executeUpdate())
                .map(n -> n == 1);
    }

    public Uni<Optional<OfferRule>> find(String id) {
        return session().flatMap(s -> s.createNativeQuery("select " + RULE_COLUMNS + " from offer_rule "
                + "where offer_rule_id = :id", Object[].class)
                .setParameter("id", id)
                .getResultList())
                .map(rows -> RequestStore.first(rows).map(OfferStore::rule));
    }

    /** Rules of a trigger (or all), by trigger, priority and ID, from an offset (rule lists are short). */
    public Uni<List<OfferRule>> rules(Trigger trigger, int offset, int limit) {
        String where = trigger == null ? "" : " where trigger = :trigger";
        return session().flatMap(s -> {
            var q = s.createNativeQuery("select " + RULE_COLUMNS + " from offer_rule" + where
                    + " order by trigger, priority, offer_rule_id offset :offset limit :limit", Object[].class)
                    .setParameter("offset", offset)
                    .setParameter("limit", limit);
            if (trigger != null) {
                q.setParameter("trigger", trigger.name());
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(OfferStore::rule).toList());
    }

    /** Offers of a trigger made to these persons since a time (the frequency cap). */
    public Uni<Long> offersSince(List<String> persons, String trigger, Instant since) {
        return session().flatMap(s -> s.createNativeQuery("select count(*)::bigint from offer_decision "
                + "where person_id in (:ps) and trigger = :trigger and outcome = 'OFFERED' and decided_at > :since",
                Long.class)
                .setParameter("ps", persons)
                .setParameter("trigger", trigger)
                .setParameter("since", since)
                .getSingleResult());
    }

    public Uni<Void> insertDecision(DecisionRow d) {
        return session().flatMap(s -> s.createNativeQuery("insert into offer_decision (decision_id, person_id, trigger, "
                + "source_reference, outcome, offer_rule_id, coupon_code, explanation, decided_at) values (:id, :p, "
                + ":trigger, :source, :outcome, :rule, :coupon, :explanation, :now)")
                .setParameter("id", d.decisionId())
                .setParameter("p", d.personId())
                .setParameter("trigger", d.trigger())
                .setParameter("source", d.sourceReference())
                .setParameter("outcome", d.outcome())
                .setParameter("rule", d.offerRuleId())
                .setParameter("coupon", d.couponCode())
                .setParameter("explanation", d.explanation())
                .setParameter("now", d.decidedAt())
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Optional<DecisionRow>> decision(UUID id) {
        return session().flatMap(s -> s.createNativeQuery("select decision_id, person_id, trigger, source_reference, "
                + "outcome, offer_rule_id, coupon_code, explanation, decided_at from offer_decision "
                + "where decision_id = :id", Object[].class)
                .setParameter("id", id)
                .getResultList())
                .map(rows -> RequestStore.first(rows).map(r -> new DecisionRow(Rows.uuid(r[0]), Rows.text(r[1]),
                        Rows.text(r[2]), Rows.text(r[3]), Rows.text(r[4]), Rows.text(r[5]), Rows.text(r[6]),
                        Rows.text(r[7]), Rows.instant(r[8]))));
    }
}
