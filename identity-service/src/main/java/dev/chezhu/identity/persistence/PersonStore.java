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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.domain.IdentifierKey;
import dev.chezhu.identity.domain.IdentifierKind;
import dev.chezhu.identity.domain.PersonProfile.KnownIdentifier;
import dev.chezhu.identity.domain.PersonProfile.ReportedTrait;
import dev.chezhu.identity.domain.Resolution;
import dev.chezhu.identity.domain.ResolutionEngine;
import dev.chezhu.identity.domain.ResolutionEngine.Earlier;
import dev.chezhu.identity.domain.ResolutionPlanner.ClusterFacts;
import dev.chezhu.identity.domain.ResolutionPlanner.Owner;
import dev.chezhu.identity.domain.VehicleLink;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Persons, their identifiers, traits, interests and vehicles in PostgreSQL. Rows keep the person
 * that first owned them (their origin); a merge only points the merged person at the survivor, so
 * every query here works on the cluster of a root person ({@code id = root or merged_into = root})
 * and an unmerge gives each row back to its origin. Callers own the transaction. The resolution
 * path is a handful of statements whatever the size of the observation.
 */
@ApplicationScoped
public class PersonStore {

    private static final String CLUSTER = "(select id from person where id = cast(:root as text) or merged_into = cast(:root as text))";
    /**
     * The cluster's person IDs as an array: {@code person_id = any(...)} is an index lookup, whereas
     * {@code person_id in (subquery)} lets the planner hash-join a whole table.
     */
    static final String CLUSTER_IDS = "array(select id from person where id = cast(:root as text) or merged_into = cast(:root as text))";

    /** A person row: {@code mergedInto} is null for a root. */
    public record PersonRow(String id, String mergedInto, boolean erased, Instant createdAt, Instant updatedAt) {
    }

    /** What resolution reads before deciding. */
    public record ResolutionState(Map<String, Earlier> earlier, Map<IdentifierKey, Owner> owners,
            Set<String> quarantinedDigests) {
    }

    /** The member IDs of some clusters, their identifier digests and VINs (for cache eviction). */
    public record ClusterKeys(List<String> members, List<String> digests, List<String> vins) {
    }

    /** An identifier that reached the shared-identifier threshold. */
    public record Quarantined(String digest, int distinctPersons) {
    }

    /** A root person's whole cluster as stored. */
    public record ClusterSnapshot(String id, Instant createdAt, Instant updatedAt, List<String> members,
            List<KnownIdentifier> identifiers, List<ReportedTrait> traits, List<VehicleLink> vehicles,
            List<InterestRow> interests, List<String> dealerIds) {
    }

    /** One interest tag as one source reported it. */
    public record InterestRow(String tag, String source, Instant observedAt) {
    }

    /** Who an identifier resolves to ({@code rootId} null when nobody), as a lookup needs it. */
    public record LookupRow(String rootId, boolean quarantined) {
    }

    /**
     * Locks the requests and the identifiers (advisory locks, one global order), then reads the
     * earlier answers to the requests, the owners of the identifiers and which are quarantined: one
     * round trip.
     */
    public Uni<ResolutionState> lockAndLoad(Collection<String> locks, Collection<String> requestIds,
            Collection<IdentifierKey> keys) {
        List<String> digests = keys.stream().map(IdentifierKey::digest).distinct().toList();
        String sql = "select identity_lock_and_load(" + arr("locks") + ", " + arr("rids") + ", " + arr("digests") + ")";
        return Sql.object(sql, Map.of("locks", list(locks), "rids", list(requestIds), "digests", list(digests)))
                .map(state -> {
                    Map<String, Earlier> earlier = new HashMap<>();
                    for (Object o : state.getJsonArray("earlier")) {
                        JsonObject e = (JsonObject) o;
                        earlier.put(e.getString("rid"), new Earlier(e.getString("person"), e.getString("root"),
                                e.getBoolean("erased"), Resolution.Outcome.valueOf(e.getString("outcome")),
                                GuardrailJson.decode(e.getString("guardrails"))));
                    }
                    Map<IdentifierKey, Owner> owners = new HashMap<>();
                    Set<IdentifierKey> wanted = new HashSet<>(keys);
                    for (Object o : state.getJsonArray("owners")) {
                        JsonObject row = (JsonObject) o;
                        IdentifierKey key = new IdentifierKey(IdentifierKind.valueOf(row.getString("t")),
                                row.getString("s"), row.getString("v"));
                        if (wanted.contains(key)) {
                            owners.put(key, new Owner(row.getString("owner"), row.getString("root"),
                                    instant(row.getValue("created"))));
                        }
                    }
                    Set<String> quarantined = new HashSet<>();
                    state.getJsonArray("quarantined").forEach(d -> quarantined.add((String) d));
                    return new ResolutionState(earlier, owners, quarantined);
                });
    }

    /** The locked roots' rows, their members and, when asked, the facts the guardrails need. */
    public record LockedRoots(Map<String, PersonRow> persons, Map<String, String> rootOfMember, ClusterFacts facts) {
    }

    /**
     * Locks the rows of these root persons (FOR UPDATE, in ID order), then reads their state and
     * members and, with {@code withFacts}, their clusters' identifier counts and do-not-merge pairs:
     * one round trip. A caller that finds one merged or erased meanwhile must start over.
     */
    public Uni<LockedRoots> lockRoots(Collection<String> roots, boolean withFacts) {
        String sql = "select identity_lock_roots(" + arr("roots") + ", cast(:facts as text) = 'true')";
        return Sql.object(sql, Map.of("roots", list(roots), "facts", Boolean.toString(withFacts)))
                .map(result -> {
                    ClusterFacts facts = facts(result);
                    return new LockedRoots(personRows(result.getJsonArray("persons")), facts.rootOfMember(), facts);
                });
    }

    /**
     * Locks the rows of these persons (FOR UPDATE, in ID order) and returns their current state: a
     * caller that finds one merged or erased meanwhile must start over.
     */
    public Uni<Map<String, PersonRow>> lockPersons(Collection<String> ids) {
        String sql = """
                select cast(coalesce(json_agg(json_build_object('id', p.id, 'merged', p.merged_into,
                  'erased', p.erased_at is not null, 'created', p.created_at, 'updated', p.updated_at) order by p.id), '[]') as text)
                from (select id, merged_into, erased_at, created_at, updated_at from person
                      where id = any(%s) order by id for update) p
                """.formatted(arr("ids"));
        return Sql.array(sql, Map.of("ids", list(ids))).map(PersonStore::personRows);
    }

    /** Like {@link #lockPersons} with a share lock: keeps merges, unmerges and erasure out, not readers. */
    public Uni<Map<String, PersonRow>> sharePersons(Collection<String> ids) {
        String sql = """
                select cast(coalesce(json_agg(json_build_object('id', p.id, 'merged', p.merged_into,
                  'erased', p.erased_at is not null, 'created', p.created_at, 'updated', p.updated_at) order by p.id), '[]') as text)
                from (select id, merged_into, erased_at, created_at, updated_at from person
                      where id = any(%s) order by id for share) p
                """.formatted(arr("ids"));
        return Sql.array(sql, Map.of("ids", list(ids))).map(PersonStore::personRows);
    }

    private static Map<String, PersonRow> personRows(JsonArray rows) {
        Map<String, PersonRow> byId = new LinkedHashMap<>();
        for (Object o : rows) {
            JsonObject row = (JsonObject) o;
            byId.put(row.getString("id"), new PersonRow(row.getString("id"), row.getString("merged"),
                    row.getBoolean("erased"), instant(row.getValue("created")), instant(row.getValue("updated"))));
        }
        return byId;
    }

    /** One person row, without locking. */
    public Uni<Optional<PersonRow>> findPerson(String id) {
        String sql = """
                select cast(json_build_object('id', id, 'merged', merged_into, 'erased', erased_at is not null,
                  'created', created_at, 'updated', updated_at) as text) from person where id = cast(:id as text)
                """;
        return Sql.text(sql, Map.of("id", id)).map(t -> Optional.ofNullable(t).map(JsonObject::new)
                .map(row -> new PersonRow(row.getString("id"), row.getString("merged"), row.getBoolean("erased"),
                        instant(row.getValue("created")), instant(row.getValue("updated")))));
    }

    private static ClusterFacts facts(JsonObject facts) {
        Map<String, String> rootOfMember = new HashMap<>();
        for (Object o : facts.getJsonArray("members")) {
            JsonArray row = (JsonArray) o;
            rootOfMember.put(row.getString(0), row.getString(1));
        }
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (Object o : facts.getJsonArray("counts")) {
            JsonArray row = (JsonArray) o;
            IdentifierKind kind = IdentifierKind.valueOf(row.getString(1));
            String bucket = new IdentifierKey(kind, row.getString(2), "").bucket();
            counts.computeIfAbsent(row.getString(0), r -> new HashMap<>()).merge(bucket, row.getInteger(3), Integer::sum);
        }
        Set<List<String>> dnm = new HashSet<>();
        for (Object o : facts.getJsonArray("dnm")) {
            JsonArray row = (JsonArray) o;
            dnm.add(List.of(row.getString(0), row.getString(1)));
        }
        return new ClusterFacts(counts, rootOfMember, dnm);
    }

    /** Members, identifier digests and VINs of the clusters of these roots. */
    public Uni<ClusterKeys> clusterKeys(Collection<String> roots) {
        String sql = """
                with m as (select id from person where id = any(%s) or merged_into = any(%s))
                select cast(json_build_object(
                  'members', (select coalesce(json_agg(id), '[]') from m),
                  'digests', (select coalesce(json_agg(i.digest), '[]') from person_identifier i
                              where i.person_id = any(array(select id from m))),
                  'vins', (select coalesce(json_agg(distinct v.vin), '[]') from vehicle_relationship v
                           where v.person_id = any(array(select id from m)))) as text)
                """.formatted(arr("roots"), arr("roots"));
        return Sql.object(sql, Map.of("roots", list(roots))).map(keys -> new ClusterKeys(strings(keys, "members"),
                strings(keys, "digests"), strings(keys, "vins")));
    }

    static List<String> strings(JsonObject object, String field) {
        List<String> values = new ArrayList<>();
        JsonArray array = object.getJsonArray(field);
        if (array != null) {
            array.forEach(v -> values.add((String) v));
        }
        return values;
    }

    /** A person newly linked to a vehicle as its owner. */
    public record OwnerLink(String personId, String vin) {
    }

    /**
     * Writes what a resolution (one observation or a batch) decided, in one statement: new persons
     * (pointing at the root they ended up in), merges of existing persons (with their members),
     * identifiers, traits, vehicles, interests, refused merges and the observations. Answers the
     * vehicles newly linked to a person as owner.
     */
    public Uni<List<OwnerLink>> applyBatch(ResolutionEngine engine, Instant now) {
        Map<String, Object> p = new HashMap<>();
        List<String> ctes = new ArrayList<>();
        p.put("now", ts(now));
        String at = tsp("now");
        if (!engine.newPersons().isEmpty()) {
            JsonArray rows = new JsonArray();
            engine.newPersons().forEach(n -> rows.add(new JsonObject().put("id", n.id()).put("at", ts(n.createdAt()))
                    .put("root", n.rootId().equals(n.id()) ? null : n.rootId())));
            p.put("persons", rows.encode());
            ctes.add("np as (insert into person (id, created_at, updated_at, merged_into) select x.id, "
                    + "cast(x.at as timestamptz), cast(x.at as timestamptz), x.root from json_to_recordset(" + json("persons")
                    + ") as x(id text, at text, root text) returning id)");
        }
        if (!engine.mergedExistingRoots().isEmpty()) {
            JsonArray rows = new JsonArray();
            engine.mergedExistingRoots().forEach((id, root) -> rows.add(new JsonObject().put("id", id).put("root", root)));
            p.put("merged", rows.encode());
            ctes.add("mp as (update person set merged_into = m.root, updated_at = " + at + " from json_to_recordset("
                    + json("merged") + ") as m(id text, root text) where person.id = m.id or person.merged_into = m.id "
                    + "returning person.id)");
        }
        if (!engine.touchedExistingRoots().isEmpty()) {
            p.put("touched", list(engine.touchedExistingRoots()));
            ctes.add("up as (update person set updated_at = " + at + " where id = any(" + arr("touched") + ") returning id)");
        }
        if (!engine.merges().isEmpty()) {
            JsonArray rows = new JsonArray();
            engine.merges().forEach(m -> rows.add(new JsonObject().put("s", m.survivorId()).put("m", m.mergedId())
                    .put("rid", m.requestId())));
            p.put("merges", rows.encode());
            ctes.add("mr as (insert into person_merge (survivor_id, merged_id, request_id, merged_at) select x.s, x.m, x.rid, "
                    + at + " from json_to_recordset(" + json("merges") + ") as x(s text, m text, rid text) returning id)");
        }
        if (!engine.identifiers().isEmpty()) {
            JsonArray rows = new JsonArray();
            engine.identifiers().forEach(i -> rows.add(new JsonObject().put("p", i.personId()).put("t", i.key().kind().name())
                    .put("s", i.key().scope()).put("v", i.key().value()).put("d", i.key().digest()).put("src", i.source())));
            p.put("idents", rows.encode());
            ctes.add("ni as (insert into person_identifier (person_id, type, scope, value, digest, source, first_seen_at) "
                    + "select x.p, x.t, x.s, x.v, x.d, x.src, " + at + " from json_to_recordset(" + json("idents")
                    + ") as x(p text, t text, s text, v text, d text, src text) "
                    + "on conflict (type, scope, value) do nothing returning id)");
        }
        if (!engine.traits().isEmpty()) {
            JsonArray rows = new JsonArray();
            engine.traits().forEach(t -> rows.add(new JsonObject().put("p", t.personId()).put("k", t.key())
                    .put("v", t.value()).put("src", t.source()).put("at", ts(t.observedAt()))));
            p.put("traits", rows.encode());
            ctes.add("nt as (insert into person_trait (person_id, key, value, source, observed_at) select x.p, x.k, x.v, "
                    + "x.src, cast(x.at as timestamptz) from json_to_recordset(" + json("traits")
                    + ") as x(p text, k text, v text, src text, at text) on conflict (person_id, key, source) do update "
                    + "set value = excluded.value, observed_at = excluded.observed_at "
                    + "where person_trait.observed_at <= excluded.observed_at returning id)");
        }
        boolean vehicles = !engine.vehicles().isEmpty();
        if (vehicles) {
            JsonArray rows = new JsonArray();
            engine.vehicles().forEach(v -> rows.add(new JsonObject().put("p", v.personId()).put("vin", v.vin())
                    .put("role", v.role().name()).put("src", v.source())));
            p.put("vehicles", rows.encode());
            ctes.add("nv as (insert into vehicle_relationship (person_id, vin, role, source, created_at) select x.p, x.vin, "
                    + "x.role, x.src, " + at + " from json_to_recordset(" + json("vehicles")
                    + ") as x(p text, vin text, role text, src text) on conflict (person_id, vin, role) do nothing "
                    + "returning person_id, vin, role)");
        }
        if (!engine.vehicleAttributes().isEmpty()) {
            JsonArray rows = new JsonArray();
            engine.vehicleAttributes().forEach((vin, a) -> rows.add(new JsonObject().put("vin", vin).put("b", a.brand())
                    .put("m", a.model()).put("y", a.modelYear()).put("pl", a.licencePlate())));
            p.put("vattrs", rows.encode());
            // one row per VIN (merged in memory), so the upsert never touches a row twice
            ctes.add("va as (insert into vehicle (vin, brand, model, model_year, licence_plate, updated_at) select x.vin, "
                    + "x.b, x.m, x.y, x.pl, " + at + " from json_to_recordset(" + json("vattrs")
                    + ") as x(vin text, b text, m text, y int, pl text) on conflict (vin) do update set "
                    + "brand = coalesce(excluded.brand, vehicle.brand), model = coalesce(excluded.model, vehicle.model), "
                    + "model_year = coalesce(excluded.model_year, vehicle.model_year), "
                    + "licence_plate = coalesce(excluded.licence_plate, vehicle.licence_plate), "
                    + "updated_at = excluded.updated_at returning vin)");
        }
        if (!engine.interests().isEmpty()) {
            JsonArray rows = new JsonArray();
            engine.interests().forEach(g -> rows.add(new JsonObject().put("p", g.personId()).put("tag", g.tag())
                    .put("src", g.source()).put("at", ts(g.observedAt()))));
            p.put("tags", rows.encode());
            ctes.add("ng as (insert into person_interest (person_id, tag, source, observed_at) select x.p, x.tag, x.src, "
                    + "cast(x.at as timestamptz) from json_to_recordset(" + json("tags")
                    + ") as x(p text, tag text, src text, at text) on conflict (person_id, tag, source) do update "
                    + "set observed_at = greatest(person_interest.observed_at, excluded.observed_at) returning id)");
        }
        if (!engine.refusals().isEmpty()) {
            JsonArray rows = new JsonArray();
            engine.refusals().forEach(r -> rows.add(new JsonObject().put("kept", r.keptPersonId())
                    .put("refused", r.refusedPersonId()).put("reason", r.reason().name())
                    .put("limited", r.limitedKind() == null ? null : r.limitedKind().name())
                    .put("d", r.via().digest()).put("t", r.via().kind().name()).put("rid", engine.results().get(r.item()).requestId())));
            p.put("refusals", rows.encode());
            ctes.add("rm as (insert into refused_merge (request_id, kept_person_id, refused_person_id, reason, limited_type, "
                    + "via_digest, via_type, created_at) select x.rid, x.kept, x.refused, x.reason, x.limited, x.d, x.t, "
                    + at + " from json_to_recordset(" + json("refusals")
                    + ") as x(rid text, kept text, refused text, reason text, limited text, d text, t text) returning id)");
        }
        JsonArray observations = new JsonArray();
        engine.observations().forEach(o -> observations.add(new JsonObject().put("rid", o.requestId()).put("src", o.source())
                .put("p", o.personId()).put("o", o.outcome().name())
                .put("g", o.report().isEmpty() ? null : GuardrailJson.encode(o.report()))));
        p.put("observations", observations.encode());
        ctes.add("ob as (insert into observation (request_id, source, person_id, outcome, received_at, guardrails) "
                + "select x.rid, x.src, x.p, x.o, " + at + ", x.g from json_to_recordset(" + json("observations")
                + ") as x(rid text, src text, p text, o text, g text) returning request_id)");
        String owners = vehicles ? "(select coalesce(json_agg(json_build_array(nv.person_id, nv.vin)), '[]') from nv "
                + "where nv.role = 'OWNER')" : "cast('[]' as json)";
        String sql = "with " + String.join(",\n", ctes) + "\nselect cast(" + owners + " as text)";
        return Sql.array(sql, p).map(links -> {
            List<OwnerLink> result = new ArrayList<>();
            for (Object o : links) {
                JsonArray link = (JsonArray) o;
                result.add(new OwnerLink(link.getString(0), link.getString(1)));
            }
            return result;
        });
    }

    /** Quarantines those of the candidates seen with at least {@code threshold} distinct other persons. */
    public Uni<List<Quarantined>> quarantineShared(Collection<IdentifierKey> candidates, int threshold, Instant now) {
        JsonArray rows = new JsonArray();
        candidates.forEach(k -> rows.add(new JsonObject().put("d", k.digest()).put("t", k.kind().name()).put("s", k.scope())));
        String sql = """
                with c as (select x.d, x.t, x.s from json_to_recordset(%s) as x(d text, t text, s text)),
                n as (select r.via_digest as d, count(distinct r.kept_person_id) as n from refused_merge r
                      where r.via_digest in (select d from c) group by r.via_digest),
                q as (insert into quarantined_identifier (digest, type, scope, distinct_persons, quarantined_at)
                      select c.d, c.t, c.s, n.n, %s from c join n on n.d = c.d where n.n >= cast(:threshold as int)
                      on conflict (digest) do nothing returning digest, distinct_persons)
                select cast(coalesce(json_agg(json_build_array(q.digest, q.distinct_persons)), '[]') as text) from q
                """.formatted(json("rows"), tsp("now"));
        return Sql.array(sql, Map.of("rows", rows.encode(), "threshold", threshold, "now", ts(now))).map(result -> {
            List<Quarantined> quarantined = new ArrayList<>();
            for (Object o : result) {
                JsonArray row = (JsonArray) o;
                quarantined.add(new Quarantined(row.getString(0), row.getInteger(1)));
            }
            return quarantined;
        });
    }

    public Uni<Void> updateObservationGuardrails(String requestId, String guardrails) {
        return Sql.update("update observation set guardrails = cast(:g as text) where request_id = cast(:rid as text)",
                Map.of("g", guardrails, "rid", requestId)).replaceWithVoid();
    }

    /** The root person's whole cluster in one round trip. */
    public Uni<ClusterSnapshot> snapshot(String rootId) {
        String sql = """
                select cast(json_build_object(
                  'id', p.id, 'created', p.created_at, 'updated', p.updated_at,
                  'members', (select coalesce(json_agg(c.id order by c.id), '[]') from %1$s c where c.id <> p.id),
                  'identifiers', (select coalesce(json_agg(json_build_object('t', i.type, 's', i.scope, 'v', i.value,
                        'src', i.source, 'at', i.first_seen_at,
                        'q', exists (select 1 from quarantined_identifier q where q.digest = i.digest))
                        order by i.first_seen_at, i.id), '[]')
                      from person_identifier i where i.person_id = any(%2$s)),
                  'traits', (select coalesce(json_agg(json_build_object('k', t.key, 'v', t.value, 'src', t.source,
                        'at', t.observed_at, 'o', t.person_id) order by t.key, t.observed_at, t.id), '[]')
                      from person_trait t where t.person_id = any(%2$s)),
                  'vehicles', (select coalesce(json_agg(json_build_object('vin', v.vin, 'role', v.role, 'src', v.source,
                        'at', v.created_at, 'b', vh.brand, 'm', vh.model, 'y', vh.model_year, 'pl', vh.licence_plate)
                        order by v.created_at, v.id), '[]')
                      from vehicle_relationship v left join vehicle vh on vh.vin = v.vin where v.person_id = any(%2$s)),
                  'dealers', %3$s,
                  'interests', (select coalesce(json_agg(json_build_object('tag', g.tag, 'src', g.source, 'at', g.observed_at)
                        order by g.tag, g.source), '[]')
                      from person_interest g where g.person_id = any(%2$s))) as text)
                from person p where p.id = cast(:root as text)
                """.formatted(CLUSTER, CLUSTER_IDS, dealerIds(CLUSTER_IDS));
        return Sql.object(sql, Map.of("root", rootId)).map(s -> {
            List<KnownIdentifier> identifiers = new ArrayList<>();
            for (Object o : s.getJsonArray("identifiers")) {
                JsonObject i = (JsonObject) o;
                identifiers.add(new KnownIdentifier(new IdentifierKey(IdentifierKind.valueOf(i.getString("t")),
                        i.getString("s"), i.getString("v")), i.getString("src"), instant(i.getValue("at")),
                        i.getBoolean("q")));
            }
            List<ReportedTrait> traits = new ArrayList<>();
            for (Object o : s.getJsonArray("traits")) {
                JsonObject t = (JsonObject) o;
                traits.add(new ReportedTrait(t.getString("k"), t.getString("v"), t.getString("src"),
                        instant(t.getValue("at")), t.getString("o")));
            }
            List<VehicleLink> vehicles = new ArrayList<>();
            for (Object o : s.getJsonArray("vehicles")) {
                JsonObject v = (JsonObject) o;
                vehicles.add(vehicleLink(v));
            }
            List<InterestRow> interests = new ArrayList<>();
            for (Object o : s.getJsonArray("interests")) {
                JsonObject g = (JsonObject) o;
                interests.add(new InterestRow(g.getString("tag"), g.getString("src"), instant(g.getValue("at"))));
            }
            return new ClusterSnapshot(s.getString("id"), instant(s.getValue("created")),
                    instant(s.getValue("updated")), strings(s, "members"), identifiers, traits, vehicles, interests,
                    strings(s, "dealers"));
        });
    }

    /** A vehicle link read as {@code vin, role, src, at, b, m, y, pl}. */
    static VehicleLink vehicleLink(JsonObject v) {
        return new VehicleLink(v.getString("vin"), VehicleLink.VehicleRole.valueOf(v.getString("role")),
                v.getString("src"), instant(v.getValue("at")), new VehicleLink.Attributes(v.getString("b"),
                        v.getString("m"), v.getInteger("y"), v.getString("pl")));
    }

    /**
     * SQL for the sorted JSON array of the dealers a cluster is related to, given SQL for its person
     * IDs as an array: a dealer CRM that reported the person (observation or identifier source
     * {@code dealer_crm:<dealer>}, a dealer CRM ID scoped to it), a lead assigned to it, an activity at
     * it (service visit, purchase, coupon redemption). Every branch is an index lookup by person.
     */
    static String dealerIds(String ids) {
        return """
                (select coalesce(json_agg(d.dealer order by d.dealer), '[]') from (
                  select substr(o.source, 12) as dealer from observation o
                    where o.person_id = any(%1$s) and o.source like 'dealer\\_crm:%%'
                  union select substr(i.source, 12) from person_identifier i
                    where i.person_id = any(%1$s) and i.source like 'dealer\\_crm:%%'
                  union select i.scope from person_identifier i
                    where i.person_id = any(%1$s) and i.type = 'DEALER_CRM_ID'
                  union select l.dealer_id from lead l where l.person_id = any(%1$s)
                  union select a.dealer_id from person_activity a
                    where a.person_id = any(%1$s) and a.dealer_id is not null) d)""".formatted(ids);
    }

    /**
     * The root an identifier resolves to (empty when unknown or erased) and whether it is
     * quarantined, in one round trip.
     */
    public Uni<LookupRow> lookup(IdentifierKey key) {
        String sql = """
                select cast(json_build_object(
                  'root', (select coalesce(p.merged_into, p.id) from person_identifier i join person p on p.id = i.person_id
                           where i.digest = cast(:digest as text) and i.type = cast(:type as text)
                             and i.scope = cast(:scope as text) and i.value = cast(:value as text) and p.erased_at is null),
                  'q', exists (select 1 from quarantined_identifier q where q.digest = cast(:digest as text))) as text)
                """;
        return Sql.object(sql, Map.of("digest", key.digest(), "type", key.kind().name(), "scope", key.scope(),
                "value", key.value())).map(row -> new LookupRow(row.getString("root"), row.getBoolean("q")));
    }

    /** The members of a root's cluster (the root included). */
    public Uni<List<String>> members(String rootId) {
        return Sql.array("select cast(coalesce(json_agg(id order by id), '[]') as text) from " + CLUSTER + " c",
                Map.of("root", rootId)).map(a -> {
                    List<String> ids = new ArrayList<>();
                    a.forEach(id -> ids.add((String) id));
                    return ids;
                });
    }
}
