package dev.chezhu.loyalty.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.chezhu.loyalty.domain.CouponModel.Redemption;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Coupon writes that run in a Hibernate Reactive transaction: publication, merges, rollback, expiry. */
@ApplicationScoped
@WithSession
public class CouponStore {

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** Inserts a coupon; false when the code exists already (the caller draws another). */
    public Uni<Boolean> insert(String code, String campaignId, String personId, String originPersonId, boolean toLead,
            long faceValue, Instant issuedAt, Instant expiresAt, String offerRuleId) {
        return session().flatMap(s -> s.createNativeQuery("insert into coupon (code, campaign_id, person_id, "
                + "origin_person_id, to_lead, state, face_value, issued_at, expires_at, offer_rule_id) values (:code, "
                + ":campaign, :person, :origin, :lead, 'ISSUED', :face, :issued, :expires, :rule) "
                + "on conflict (code) do nothing")
                .setParameter("code", code)
                .setParameter("campaign", campaignId)
                .setParameter("person", personId)
                .setParameter("origin", originPersonId)
                .setParameter("lead", toLead)
                .setParameter("face", faceValue)
                .setParameter("issued", issuedAt)
                .setParameter("expires", expiresAt)
                .setParameter("rule", offerRuleId)
                .executeUpdate())
                .map(n -> n == 1);
    }

    /** Coupons of a campaign a holder has (any state but VOIDED): the per-person limit counts these. */
    public Uni<Long> countHeld(String campaignId, String personId) {
        return session().flatMap(s -> s.createNativeQuery("select count(*)::bigint from coupon where campaign_id = :c "
                + "and person_id = :p and state <> 'VOIDED'", Long.class)
                .setParameter("c", campaignId)
                .setParameter("p", personId)
                .getSingleResult());
    }

    public Uni<Integer> moveAll(String from, String to) {
        return session().flatMap(s -> s.createNativeQuery("update coupon set person_id = :to where person_id = :from")
                .setParameter("to", to)
                .setParameter("from", from)
                .executeUpdate());
    }

    public Uni<Integer> moveOrigins(String from, List<String> origins, String to) {
        return session().flatMap(s -> s.createNativeQuery("update coupon set person_id = :to "
                + "where person_id = :from and origin_person_id in (:o)")
                .setParameter("to", to)
                .setParameter("from", from)
                .setParameter("o", origins)
                .executeUpdate());
    }

    /**
     * Voids a holder's unredeemed coupons and gives their reservations back to ISSUE-budget campaigns,
     * in one statement. The number of coupons voided.
     */
    public Uni<Long> voidIssued(String personId, Instant now) {
        return session().flatMap(s -> s.createNativeQuery("with v as (update coupon set state = 'VOIDED', "
                + "closed_at = :now where person_id = :p and state = 'ISSUED' returning campaign_id, face_value), "
                + "g as (select campaign_id, count(*) n, sum(face_value) f from v group by campaign_id), "
                + "u as (update campaign k set reserved_count = k.reserved_count - g.n, "
                + "reserved_value = k.reserved_value - g.f from g where k.campaign_id = g.campaign_id "
                + "and k.budget_enforcement = 'ISSUE' returning 1) "
                + "select count(*)::bigint from v", Long.class)
                .setParameter("now", now)
                .setParameter("p", personId)
                .getSingleResult());
    }

    /**
     * Expires up to {@code limit} issued coupons whose time is up and gives their reservations back,
     * in one statement; coupons a counter is redeeming right now are skipped (their redemption checks
     * the expiry itself). The number expired.
     */
    public Uni<Long> expireDue(Instant now, int limit) {
        return session().flatMap(s -> s.createNativeQuery("with v as (update coupon set state = 'EXPIRED', "
                + "closed_at = :now where code in (select code from coupon where state = 'ISSUED' and expires_at <= :now "
                + "order by expires_at limit :limit for update skip locked) returning campaign_id, face_value), "
                + "g as (select campaign_id, count(*) n, sum(face_value) f from v group by campaign_id), "
                + "u as (update campaign k set reserved_count = k.reserved_count - g.n, "
                + "reserved_value = k.reserved_value - g.f from g where k.campaign_id = g.campaign_id "
                + "and k.budget_enforcement = 'ISSUE' returning 1) "
                + "select count(*)::bigint from v", Long.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getSingleResult());
    }

    /** Locks a redemption row. */
    public Uni<Optional<Redemption>> lockRedemption(UUID redemptionId) {
        return session().flatMap(s -> s.createNativeQuery("select redemption_id, code, dealer_id, request_id, "
                + "bill_amount, discount_amount, redeemed_at, rolled_back_at, campaign_id from coupon_redemption "
                + "where redemption_id = :id for update", Object[].class)
                .setParameter("id", redemptionId)
                .getResultList())
                .map(rows -> RequestStore.first(rows).map(r -> new Redemption(Rows.uuid(r[0]), Rows.text(r[1]),
                        Rows.text(r[2]), Rows.text(r[3]), Rows.longValue(r[4]), Rows.longValue(r[5]),
                        Rows.instant(r[6]), Rows.instant(r[7]))));
    }

    /** Rolls a redemption back and makes its coupon redeemable again; false when it was rolled back already. */
    public Uni<Boolean> rollback(UUID redemptionId, String code, String reason, String requestId, Instant now) {
        return session().flatMap(s -> s.createNativeQuery("update coupon_redemption set rolled_back_at = :now, "
                + "rollback_reason = :reason, rollback_request_id = :request where redemption_id = :id "
                + "and rolled_back_at is null")
                .setParameter("now", now)
                .setParameter("reason", reason)
                .setParameter("request", requestId)
                .setParameter("id", redemptionId)
                .executeUpdate()
                .flatMap(n -> n == 0 ? Uni.createFrom().item(false)
                        : s.createNativeQuery("update coupon set state = 'ISSUED', redeemed_at = null, "
                                + "redeemed_dealer_id = null where code = :code and state = 'REDEEMED'")
                                .setParameter("code", code)
                                .executeUpdate()
                                .map(m -> {
                                    if (m != 1) {
                                        throw new IllegalStateException("coupon " + code + " was not redeemed");
                                    }
                                    return true;
                                })));
    }
}
