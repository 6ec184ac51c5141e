package dev.chezhu.identity.persistence;

import static dev.chezhu.identity.persistence.Sql.arr;
import static dev.chezhu.identity.persistence.Sql.instant;
import static dev.chezhu.identity.persistence.Sql.list;
import static dev.chezhu.identity.persistence.Sql.ts;
import static dev.chezhu.identity.persistence.Sql.tsp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/** Unmerge, erasure and export: the statements that change or read whole clusters. */
@ApplicationScoped
public class AdminStore {

    /** An earlier unmerge or erase with the same request_id. */
    public record Operation(String kind, String personId, String otherPersonId) {
    }

    /** What an unmerge did. */
    public record Unmerged(List<String> restoredIds, String directSurvivorId) {
    }

    /** An erasure as audited. */
    public record Erasure(String personId, List<String> erasedIds, Instant erasedAt, Map<String, Long> removedCounts) {
    }

    /** One merge row of a cluster's history. */
    public record MergeRow(String survivorId, String mergedId, Instant mergedAt, Instant undoneAt) {
    }

    public Uni<Optional<Operation>> operation(String requestId) {
        return Sql.text("select cast(json_build_object('kind', kind, 'person', person_id, 'other', other_person_id) as text) "
                + "from admin_operation where request_id = cast(:rid as text)", Map.of("rid", requestId))
                .map(t -> Optional.ofNullable(t).map(JsonObject::new)
                        .map(o -> new Operation(o.getString("kind"), o.getString("person"), o.getString("other"))));
    }

    public Uni<Void> recordOperation(String requestId, String kind, String personId, String otherPersonId, Instant now) {
        return Sql.update("insert into admin_operation (request_id, kind, person_id, other_person_id, created_at) values ("
                + "cast(:rid as text), cast(:kind as text), cast(:person as text), nullif(cast(:other as text), ''), "
                + tsp("now") + ")", Map.of("rid", requestId, "kind", kind, "person", personId,
                        "other", otherPersonId == null ? "" : otherPersonId, "now", ts(now)))
                .replaceWithVoid();
    }

    /**
     * Splits {@code personId} and everyone merged into it (the active merges below it) out of the
     * cluster of {@code rootId}; marks its merge undone and records the do-not-merge pair.
     */
    public Uni<Unmerged> unmerge(String personId, String rootId, String requestId, Instant now) {
        String sql = """
                with recursive sub(id) as (
                  select cast(:x as text)
                  union
                  select m.merged_id from person_merge m join sub on m.survivor_id = sub.id
                  join person p on p.id = m.merged_id and p.merged_into = cast(:t as text)
                  where m.undone_at is null),
                mv as (update person set merged_into = cast(:x as text), updated_at = %1$s
                       where id in (select id from sub) and id <> cast(:x as text) returning id),
                mx as (update person set merged_into = null, updated_at = %1$s where id = cast(:x as text) returning id),
                mt as (update person set updated_at = %1$s where id = cast(:t as text) returning id),
                um as (update person_merge set undone_at = %1$s, undo_request_id = cast(:rid as text)
                       where merged_id = cast(:x as text) and undone_at is null returning survivor_id),
                dn as (insert into do_not_merge (person_a, person_b, request_id, created_at)
                       select least(cast(:x as text), um.survivor_id), greatest(cast(:x as text), um.survivor_id),
                         cast(:rid as text), %1$s from um on conflict do nothing returning person_a)
                select cast(json_build_object('restored', (select json_agg(id order by id) from sub),
                  'survivor', (select survivor_id from um limit 1), 'moved', (select count(*) from mv),
                  'pairs', (select count(*) from dn)) as text)
                """.formatted(tsp("now"));
        return Sql.object(sql, Map.of("x", personId, "t", rootId, "rid", requestId, "now", ts(now)))
                .map(o -> new Unmerged(PersonStore.strings(o, "restored"), o.getString("survivor")));
    }

    /**
     * Removes the personal data of these persons (identifiers, traits, vehicles, interests,
     * consents, activities, leads, conflict records, loyalty tiers, and the attributes of vehicles no
     * one else is linked to) and marks them erased. Answers what was removed.
     */
    public Uni<Map<String, Long>> erase(Collection<String> members, Instant now) {
        String m = "any(" + arr("members") + ")";
        String sql = """
                with di as (delete from person_identifier where person_id = %1$s returning 1),
                dt as (delete from person_trait where person_id = %1$s returning 1),
                dv as (delete from vehicle_relationship where person_id = %1$s returning vin),
                dvh as (delete from vehicle where vin in (select vin from dv) and not exists (select 1
                        from vehicle_relationship r where r.vin = vehicle.vin and not r.person_id = %1$s) returning 1),
                dlt as (delete from person_loyalty_tier where person_id = %1$s returning 1),
                dg as (delete from person_interest where person_id = %1$s returning 1),
                dc as (delete from consent_record where person_id = %1$s returning 1),
                da as (delete from person_activity where person_id = %1$s returning 1),
                dlc as (delete from lead_contact where lead_id in (select id from lead where person_id = %1$s) returning 1),
                dl as (delete from lead where person_id = %1$s returning 1),
                dlf as (delete from person_lifecycle where person_id = %1$s returning 1),
                drm as (delete from refused_merge where kept_person_id = %1$s or refused_person_id = %1$s returning 1),
                ddn as (delete from do_not_merge where person_a = %1$s or person_b = %1$s returning 1),
                up as (update person set erased_at = %2$s, updated_at = %2$s where id = %1$s returning 1)
                select cast(json_build_object('identifiers', (select count(*) from di), 'traits', (select count(*) from dt),
                  'vehicle_relationships', (select count(*) from dv), 'interests', (select count(*) from dg),
                  'consent_records', (select count(*) from dc), 'activities', (select count(*) from da),
                  'lead_contacts', (select count(*) from dlc), 'leads', (select count(*) from dl),
                  'lifecycle', (select count(*) from dlf), 'refused_merges', (select count(*) from drm),
                  'do_not_merge_pairs', (select count(*) from ddn), 'loyalty_tiers', (select count(*) from dlt),
                  'vehicles', (select count(*) from dvh), 'persons', (select count(*) from up)) as text)
                """.formatted(m, tsp("now"));
        return Sql.text("select set_config('chezhu.erasure', 'on', true)", Map.of())
                .flatMap(v -> Sql.object(sql, Map.of("members", list(members), "now", ts(now))))
                .map(o -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    o.forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).longValue()));
                    return counts;
                });
    }

    public Uni<Void> audit(Erasure erasure, String requestedBy, String requestId) {
        JsonObject counts = new JsonObject();
        erasure.removedCounts().forEach(counts::put);
        return Sql.update("insert into erasure_audit (person_id, erased_person_ids, requested_by, request_id, erased_at, "
                + "removed_counts) values (cast(:person as text), cast(:ids as text), cast(:by as text), cast(:rid as text), "
                + tsp("at") + ", cast(cast(:counts as text) as jsonb))", Map.of("person", erasure.personId(),
                        "ids", String.join(",", erasure.erasedIds()), "by", requestedBy, "rid", requestId,
                        "at", ts(erasure.erasedAt()), "counts", counts.encode()))
                .replaceWithVoid();
    }

    public Uni<Optional<Erasure>> erasure(String requestId) {
        return Sql.text("select cast(json_build_object('person', person_id, 'ids', erased_person_ids, 'at', erased_at, "
                + "'counts', removed_counts) as text) from erasure_audit where request_id = cast(:rid as text)",
                Map.of("rid", requestId)).map(t -> Optional.ofNullable(t).map(JsonObject::new).map(o -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    o.getJsonObject("counts").forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).longValue()));
                    return new Erasure(o.getString("person"), List.of(o.getString("ids").split(",")),
                            instant(o.getValue("at")), counts);
                }));
    }

    /** Merges and unmerges that involved any of these persons. */
    public Uni<List<MergeRow>> merges(Collection<String> members) {
        String sql = """
                select cast(coalesce(json_agg(json_build_object('s', survivor_id, 'm', merged_id, 'at', merged_at,
                  'undone', undone_at) order by merged_at, id), '[]') as text)
                from person_merge where survivor_id = any(%1$s) or merged_id = any(%1$s)
                """.formatted(arr("members"));
        return Sql.array(sql, Map.of("members", list(members))).map(a -> {
            List<MergeRow> rows = new ArrayList<>();
            for (Object x : a) {
                JsonObject o = (JsonObject) x;
                rows.add(new MergeRow(o.getString("s"), o.getString("m"), instant(o.getValue("at")),
                        instant(o.getValue("undone"))));
            }
            return rows;
        });
    }

    public Uni<Long> observationCount(Collection<String> members) {
        return Sql.text("select cast(count(*) as text) from observation where person_id = any(" + arr("members") + ")",
                Map.of("members", list(members))).map(Long::parseLong);
    }
}
