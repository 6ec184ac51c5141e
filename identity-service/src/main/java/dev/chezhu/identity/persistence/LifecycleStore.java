package dev.chezhu.identity.persistence;

import static dev.chezhu.identity.persistence.Sql.arr;
import static dev.chezhu.identity.persistence.Sql.instant;
import static dev.chezhu.identity.persistence.Sql.json;
import static dev.chezhu.identity.persistence.Sql.list;
import static dev.chezhu.identity.persistence.Sql.ts;
import static dev.chezhu.identity.persistence.Sql.tsp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.domain.Lifecycle;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Activities, the facts the lifecycle is computed from, and the last published lifecycle per person. */
@ApplicationScoped
public class LifecycleStore {

    private static final String VISITS = "('SERVICE_VISIT', 'VEHICLE_PURCHASE', 'PARTS_PURCHASE')";

    /** The facts, and the stage/flag last published (empty when never computed). */
    public record FactsAndStored(Lifecycle.Facts facts, Optional<Lifecycle.Stage> storedStage, boolean storedAdvocate) {
    }

    public Uni<FactsAndStored> facts(String rootId, Instant loyalCutoff, Instant advocateCutoff) {
        return facts(List.of(rootId), loyalCutoff, advocateCutoff).map(all -> all.get(rootId));
    }

    /** The facts of several root persons' clusters, and what was last published for each, in one query. */
    public Uni<Map<String, FactsAndStored>> facts(Collection<String> roots, Instant loyalCutoff, Instant advocateCutoff) {
        String sql = """
                with r as (select root, array(select p.id from person p where p.id = root or p.merged_into = root) as ids
                           from unnest(%1$s) as root),
                v as (select r.root, v.vin, v.created_at from r join vehicle_relationship v
                      on v.person_id = any(r.ids) and v.role = 'OWNER'),
                a as (select r.root, a.kind, a.occurred_at from r join person_activity a on a.person_id = any(r.ids))
                select cast(coalesce(json_agg(json_build_object('root', r.root,
                  'owned', (select count(distinct v.vin) from v where v.root = r.root),
                  'ownerSince', (select min(v.created_at) from v where v.root = r.root),
                  'firstPurchase', (select min(a.occurred_at) from a where a.root = r.root and a.kind = 'VEHICLE_PURCHASE'),
                  'lastVisit', (select max(a.occurred_at) from a where a.root = r.root and a.kind in %2$s),
                  'firstService', (select min(a.occurred_at) from a where a.root = r.root and a.kind = 'SERVICE_VISIT'),
                  'tier', (select t.tier from person_loyalty_tier t where t.person_id = any(r.ids)
                           order by t.changed_at desc, t.person_id limit 1),
                  'recentVisits', (select count(*) from a where a.root = r.root and a.kind in %2$s and a.occurred_at >= %3$s),
                  'advocacy', (select count(*) from a where a.root = r.root and a.kind in ('CONTENT_SHARE', 'REFERRAL')
                               and a.occurred_at >= %4$s),
                  'stored', (select json_build_object('stage', l.stage, 'advocate', l.advocate) from person_lifecycle l
                             where l.person_id = r.root))), '[]') as text) from r
                """.formatted(arr("roots"), VISITS, tsp("loyal"), tsp("advocate"));
        return Sql.array(sql, Map.of("roots", list(roots), "loyal", ts(loyalCutoff), "advocate", ts(advocateCutoff)))
                .map(rows -> {
                    Map<String, FactsAndStored> all = new HashMap<>();
                    for (Object o : rows) {
                        JsonObject f = (JsonObject) o;
                        JsonObject stored = f.getJsonObject("stored");
                        all.put(f.getString("root"), new FactsAndStored(new Lifecycle.Facts(f.getInteger("owned"),
                                instant(f.getValue("ownerSince")), instant(f.getValue("firstPurchase")),
                                instant(f.getValue("lastVisit")), f.getInteger("recentVisits"), f.getInteger("advocacy"),
                                instant(f.getValue("firstService")), f.getString("tier")),
                                stored == null ? Optional.empty()
                                        : Optional.of(Lifecycle.Stage.valueOf(stored.getString("stage"))),
                                stored != null && stored.getBoolean("advocate")));
                    }
                    return all;
                });
    }

    /** Stores the published lifecycle of several persons in one statement. */
    public Uni<Void> store(Collection<Lifecycle.View> views) {
        if (views.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        JsonArray rows = new JsonArray();
        views.forEach(v -> rows.add(new JsonObject().put("p", v.personId()).put("stage", v.stage().name())
                .put("advocate", v.advocate()).put("anchor", v.activityAnchor() == null ? null : ts(v.activityAnchor()))
                .put("at", ts(v.computedAt()))));
        String sql = """
                insert into person_lifecycle (person_id, stage, advocate, activity_anchor_at, computed_at)
                select x.p, x.stage, x.advocate, cast(x.anchor as timestamptz), cast(x.at as timestamptz)
                from json_to_recordset(%s) as x(p text, stage text, advocate boolean, anchor text, at text)
                on conflict (person_id) do update set stage = excluded.stage, advocate = excluded.advocate,
                  activity_anchor_at = excluded.activity_anchor_at, computed_at = excluded.computed_at
                """.formatted(json("rows"));
        return Sql.update(sql, Map.of("rows", rows.encode())).replaceWithVoid();
    }

    /** The person an activity request was recorded for, if it was. */
    public Uni<Optional<String>> activityPerson(String requestId) {
        return Sql.text("select person_id from person_activity where request_id = cast(:rid as text)",
                Map.of("rid", requestId)).map(Optional::ofNullable);
    }

    /** Inserts the activity; false when the request_id was recorded meanwhile. */
    public Uni<Boolean> insertActivity(String rootId, Lifecycle.ActivityCommand command, Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("person", rootId);
        p.put("kind", command.kind().name());
        p.put("at", ts(command.occurredAt()));
        p.put("source", command.source());
        p.put("dealer", command.dealerId() == null ? "" : command.dealerId());
        p.put("vin", command.vin() == null ? "" : command.vin());
        p.put("rid", command.requestId());
        p.put("now", ts(now));
        String sql = """
                insert into person_activity (person_id, kind, occurred_at, source, dealer_id, vin, request_id, recorded_at)
                values (cast(:person as text), cast(:kind as text), %s, cast(:source as text),
                  nullif(cast(:dealer as text), ''), nullif(cast(:vin as text), ''), cast(:rid as text), %s)
                on conflict (request_id) do nothing
                """.formatted(tsp("at"), tsp("now"));
        return Sql.update(sql, p).map(n -> n > 0);
    }

    /**
     * Records the tier loyalty-service reported for a person, unless a later change is already
     * recorded (events may arrive out of order). True when it was recorded.
     */
    public Uni<Boolean> recordTier(String personId, String tier, Instant changedAt, Instant now) {
        String sql = """
                insert into person_loyalty_tier (person_id, tier, changed_at, recorded_at)
                values (cast(:person as text), cast(:tier as text), %s, %s)
                on conflict (person_id) do update set tier = excluded.tier, changed_at = excluded.changed_at,
                  recorded_at = excluded.recorded_at
                where person_loyalty_tier.changed_at <= excluded.changed_at
                """.formatted(tsp("at"), tsp("now"));
        return Sql.update(sql, Map.of("person", personId, "tier", tier, "at", ts(changedAt), "now", ts(now)))
                .map(n -> n > 0);
    }

    /** A tier as reported, with the time it changed. */
    public record Tier(String tier, Instant changedAt) {
    }

    /** The latest tier reported for any person of a cluster (export). */
    public Uni<Optional<Tier>> tier(String rootId) {
        String sql = """
                select cast(json_build_object('tier', t.tier, 'at', t.changed_at) as text) from person_loyalty_tier t
                where t.person_id = any(%s) order by t.changed_at desc, t.person_id limit 1
                """.formatted(PersonStore.CLUSTER_IDS);
        return Sql.text(sql, Map.of("root", rootId)).map(t -> Optional.ofNullable(t).map(JsonObject::new)
                .map(o -> new Tier(o.getString("tier"), instant(o.getValue("at")))));
    }

    /** Root persons, owners or loyal, whose activity anchor is older than the cutoff (locked, skipping busy ones). */
    public Uni<List<String>> churnCandidates(Instant cutoff, int limit) {
        String sql = """
                select cast(coalesce(json_agg(c.person_id), '[]') as text) from (
                  select l.person_id from person_lifecycle l join person p on p.id = l.person_id
                  where l.stage in ('OWNER', 'LOYAL') and l.activity_anchor_at < %s
                    and p.merged_into is null and p.erased_at is null
                  order by l.activity_anchor_at limit cast(:limit as int) for update of l skip locked) c
                """.formatted(tsp("cutoff"));
        return Sql.array(sql, Map.of("cutoff", ts(cutoff), "limit", limit)).map(a -> {
            List<String> ids = new ArrayList<>();
            a.forEach(id -> ids.add((String) id));
            return ids;
        });
    }

    /** Every activity of a cluster, newest first (export). */
    public Uni<List<Lifecycle.Activity>> activities(String rootId) {
        String sql = """
                select cast(coalesce(json_agg(json_build_object('kind', a.kind, 'at', a.occurred_at, 'source', a.source,
                  'dealer', a.dealer_id, 'vin', a.vin) order by a.occurred_at desc, a.id desc), '[]') as text)
                from person_activity a where a.person_id = any(%s)
                """.formatted(PersonStore.CLUSTER_IDS);
        return Sql.array(sql, Map.of("root", rootId)).map(a -> {
            List<Lifecycle.Activity> activities = new ArrayList<>();
            for (Object o : a) {
                JsonObject row = (JsonObject) o;
                activities.add(new Lifecycle.Activity(Lifecycle.ActivityKind.valueOf(row.getString("kind")),
                        instant(row.getValue("at")), row.getString("source"), row.getString("dealer"), row.getString("vin")));
            }
            return activities;
        });
    }
}
