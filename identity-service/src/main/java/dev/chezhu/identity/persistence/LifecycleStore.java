package dev.chezhu.identity.persistence;

import static dev.chezhu.identity.persistence.Sql.instant;
import static dev.chezhu.identity.persistence.Sql.ts;
import static dev.chezhu.identity.persistence.Sql.tsp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.domain.Lifecycle;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/** Activities, the facts the lifecycle is computed from, and the last published lifecycle per person. */
@ApplicationScoped
public class LifecycleStore {

    private static final String CLUSTER = "(select id from person where id = cast(:root as text) or merged_into = cast(:root as text))";
    private static final String VISITS = "('SERVICE_VISIT', 'VEHICLE_PURCHASE', 'PARTS_PURCHASE')";

    /** The facts, and the stage/flag last published (empty when never computed). */
    public record FactsAndStored(Lifecycle.Facts facts, Optional<Lifecycle.Stage> storedStage, boolean storedAdvocate) {
    }

    public Uni<FactsAndStored> facts(String rootId, Instant loyalCutoff, Instant advocateCutoff) {
        String sql = """
                select cast(json_build_object(
                  'owned', (select count(distinct v.vin) from vehicle_relationship v where v.person_id in %1$s and v.role = 'OWNER'),
                  'ownerSince', (select min(v.created_at) from vehicle_relationship v where v.person_id in %1$s and v.role = 'OWNER'),
                  'firstPurchase', (select min(a.occurred_at) from person_activity a where a.person_id in %1$s
                                    and a.kind = 'VEHICLE_PURCHASE'),
                  'lastVisit', (select max(a.occurred_at) from person_activity a where a.person_id in %1$s and a.kind in %2$s),
                  'recentVisits', (select count(*) from person_activity a where a.person_id in %1$s and a.kind in %2$s
                                   and a.occurred_at >= %3$s),
                  'advocacy', (select count(*) from person_activity a where a.person_id in %1$s
                               and a.kind in ('CONTENT_SHARE', 'REFERRAL') and a.occurred_at >= %4$s),
                  'stored', (select json_build_object('stage', l.stage, 'advocate', l.advocate) from person_lifecycle l
                             where l.person_id = cast(:root as text))) as text)
                """.formatted(CLUSTER, VISITS, tsp("loyal"), tsp("advocate"));
        return Sql.object(sql, Map.of("root", rootId, "loyal", ts(loyalCutoff), "advocate", ts(advocateCutoff)))
                .map(f -> {
                    JsonObject stored = f.getJsonObject("stored");
                    return new FactsAndStored(new Lifecycle.Facts(f.getInteger("owned"), instant(f.getValue("ownerSince")),
                            instant(f.getValue("firstPurchase")), instant(f.getValue("lastVisit")),
                            f.getInteger("recentVisits"), f.getInteger("advocacy")),
                            stored == null ? Optional.empty() : Optional.of(Lifecycle.Stage.valueOf(stored.getString("stage"))),
                            stored != null && stored.getBoolean("advocate"));
                });
    }

    public Uni<Void> store(Lifecycle.View view) {
        String sql = """
                insert into person_lifecycle (person_id, stage, advocate, activity_anchor_at, computed_at)
                values (cast(:person as text), cast(:stage as text), cast(:advocate as text) = 'true', %s, %s)
                on conflict (person_id) do update set stage = excluded.stage, advocate = excluded.advocate,
                  activity_anchor_at = excluded.activity_anchor_at, computed_at = excluded.computed_at
                """.formatted(tsp("anchor"), tsp("now"));
        return Sql.update(sql, Map.of("person", view.personId(), "stage", view.stage().name(),
                "advocate", Boolean.toString(view.advocate()), "anchor", ts(view.activityAnchor()),
                "now", ts(view.computedAt()))).replaceWithVoid();
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
                from person_activity a where a.person_id in %s
                """.formatted(CLUSTER);
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
