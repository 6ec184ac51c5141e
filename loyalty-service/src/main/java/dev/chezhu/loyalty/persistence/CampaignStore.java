package dev.chezhu.loyalty.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.chezhu.loyalty.domain.Audience;
import dev.chezhu.loyalty.domain.CampaignModel.BudgetEnforcement;
import dev.chezhu.loyalty.domain.CampaignModel.Campaign;
import dev.chezhu.loyalty.domain.CampaignModel.CampaignSpec;
import dev.chezhu.loyalty.domain.CampaignModel.State;
import dev.chezhu.loyalty.domain.CampaignModel.Usage;
import dev.chezhu.loyalty.domain.Discount;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Campaigns and their budget counters. */
@ApplicationScoped
@WithSession
public class CampaignStore {

    static final String COLUMNS = "k.campaign_id, k.display_name, k.discount_kind, k.discount_amount, k.discount_percent, "
            + "k.discount_max_amount, k.service_item, k.item_value, k.start_at, k.end_at, k.coupon_validity_days, "
            + "k.audience_lifecycles, k.audience_tags, k.audience_models, k.audience_tiers, k.budget_count, "
            + "k.budget_value, k.budget_enforcement, k.per_person_limit, k.dealer_ids, k.code_pattern, k.state, "
            + "k.reserved_count, k.reserved_value, k.created_at, "
            + "(select count(*) from coupon c where c.campaign_id = k.campaign_id), "
            + "(select count(*) from coupon_redemption r where r.campaign_id = k.campaign_id and r.rolled_back_at is null), "
            + "(select coalesce(sum(r.discount_amount), 0) from coupon_redemption r "
            + "where r.campaign_id = k.campaign_id and r.rolled_back_at is null)";

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    static Campaign campaign(Object[] r) {
        Discount discount = new Discount(Discount.Kind.valueOf(Rows.text(r[2])), Rows.longValue(r[3]),
                Rows.intValue(r[4]), Rows.longValue(r[5]), Rows.text(r[6]), Rows.longValue(r[7]));
        Audience audience = new Audience(Rows.list(r[11]), Rows.list(r[12]), Rows.list(r[13]), Rows.list(r[14]));
        Usage usage = new Usage(Rows.longValue(r[22]), Rows.longValue(r[23]), Rows.longValue(r[25]),
                Rows.longValue(r[26]), Rows.longValue(r[27]));
        return new Campaign(Rows.text(r[0]), Rows.text(r[1]), discount, Rows.instant(r[8]), Rows.instant(r[9]),
                Rows.intValue(r[10]), audience, Rows.longValue(r[15]), Rows.longValue(r[16]),
                BudgetEnforcement.valueOf(Rows.text(r[17])), Rows.intValue(r[18]), Rows.list(r[19]), Rows.text(r[20]),
                State.valueOf(Rows.text(r[21])), usage, Rows.instant(r[24]));
    }

    /** Inserts a campaign; false when the ID is taken. */
    public Uni<Boolean> insert(String campaignId, CampaignSpec spec, String client, String subject, Instant now) {
        Discount d = spec.discount();
        return session().flatMap(s -> s.createNativeQuery("insert into campaign (campaign_id, display_name, "
                + "discount_kind, discount_amount, discount_percent, discount_max_amount, service_item, item_value, "
                + "face_value, start_at, end_at, coupon_validity_days, audience_lifecycles, audience_tags, audience_models, "
                + "audience_tiers, budget_count, budget_value, budget_enforcement, per_person_limit, dealer_ids, "
                + "code_pattern, state, created_client, created_subject, created_at, updated_at) values (:id, :name, "
                + ":kind, :amount, :percent, :max, :item, :itemValue, :face, :start, :end, :validity, :lifecycles, :tags, "
                + ":models, :tiers, :count, :value, :enforcement, :limit, :dealers, :pattern, 'ACTIVE', :client, "
                + ":subject, :now, :now) on conflict (campaign_id) do nothing")
                .setParameter("id", campaignId)
                .setParameter("name", spec.displayName())
                .setParameter("kind", d.kind().name())
                .setParameter("amount", d.amount())
                .setParameter("percent", d.percent())
                .setParameter("max", d.maxAmount())
                .setParameter("item", d.serviceItem())
                .setParameter("itemValue", d.itemValue())
                .setParameter("face", d.faceValue())
                .setParameter("start", spec.startAt())
                .setParameter("end", spec.endAt())
                .setParameter("validity", spec.couponValidityDays())
                .setParameter("lifecycles", Rows.joined(spec.audience().lifecycleStages()))
                .setParameter("tags", Rows.joined(spec.audience().tags()))
                .setParameter("models", Rows.joined(spec.audience().vehicleModels()))
                .setParameter("tiers", Rows.joined(spec.audience().tiers()))
                .setParameter("count", spec.budgetCount())
                .setParameter("value", spec.budgetValue())
                .setParameter("enforcement", spec.enforcement().name())
                .setParameter("limit", spec.perPersonLimit())
                .setParameter("dealers", Rows.joined(spec.dealerIds()))
                .setParameter("pattern", spec.codePattern())
                .setParameter("client", client)
                .setParameter("subject", subject)
                .setParameter("now", now)
                .executeUpdate())
                .map(n -> n == 1);
    }

    public Uni<Optional<Campaign>> find(String campaignId) {
        return session().flatMap(s -> s.createNativeQuery("select " + COLUMNS + " from campaign k "
                + "where k.campaign_id = :id", Object[].class)
                .setParameter("id", campaignId)
                .getResultList())
                .map(rows -> RequestStore.first(rows).map(CampaignStore::campaign));
    }

    /** Newest first, after a position (created_at, campaign_id); a dealer sees only its redeemable ones. */
    public Uni<List<Campaign>> page(Instant afterCreated, String afterId, String dealerId, int limit) {
        String position = afterCreated == null ? "" : " and (k.created_at, k.campaign_id) < (:created, :id)";
        String dealer = dealerId == null ? "" : " and (k.dealer_ids = '' or ',' || k.dealer_ids || ',' like :dealer)";
        return session().flatMap(s -> {
            var q = s.createNativeQuery("select " + COLUMNS + " from campaign k where true" + position + dealer
                    + " order by k.created_at desc, k.campaign_id desc limit :limit", Object[].class)
                    .setParameter("limit", limit);
            if (afterCreated != null) {
                q.setParameter("created", afterCreated).setParameter("id", afterId);
            }
            if (dealerId != null) {
                q.setParameter("dealer", "%," + dealerId + ",%");
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(CampaignStore::campaign).toList());
    }

    /**
     * Reserves one coupon's count and value of an ISSUE-budget campaign; false when the budget cannot
     * cover it. The conditional update is the guard: concurrent publishers queue on the campaign row
     * and each re-checks the budget after the one before it committed.
     */
    public Uni<Boolean> reserve(String campaignId, long faceValue, Instant now) {
        return session().flatMap(s -> s.createNativeQuery("update campaign set reserved_count = reserved_count + 1, "
                + "reserved_value = reserved_value + :face, updated_at = :now where campaign_id = :id "
                + "and reserved_count + 1 <= budget_count and reserved_value + :face <= budget_value")
                .setParameter("face", faceValue)
                .setParameter("now", now)
                .setParameter("id", campaignId)
                .executeUpdate())
                .map(n -> n == 1);
    }

    /** Gives a redemption's budget back to a REDEMPTION-budget campaign (a rollback). */
    public Uni<Void> unconsume(String campaignId, long discount) {
        return session().flatMap(s -> s.createNativeQuery("update campaign set redeemed_count = redeemed_count - 1, "
                + "redeemed_value = redeemed_value - :value where campaign_id = :id and budget_enforcement = 'REDEMPTION'")
                .setParameter("value", discount)
                .setParameter("id", campaignId)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Gives reservations back (coupons that expired or were voided unredeemed). */
    public Uni<Void> release(String campaignId, long count, long value) {
        return session().flatMap(s -> s.createNativeQuery("update campaign set reserved_count = reserved_count - :count, "
                + "reserved_value = reserved_value - :value where campaign_id = :id and budget_enforcement = 'ISSUE'")
                .setParameter("count", count)
                .setParameter("value", value)
                .setParameter("id", campaignId)
                .executeUpdate())
                .replaceWithVoid();
    }
}
