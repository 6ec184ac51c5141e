package dev.chezhu.identity.persistence;

import static dev.chezhu.identity.persistence.Sql.instant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.domain.IdentifierKey;
import dev.chezhu.identity.domain.Lifecycle;
import dev.chezhu.identity.domain.PersonProfile.ReportedTrait;
import dev.chezhu.identity.domain.VehicleLink;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Read-only queries for SearchPersons, ListVehicleRelationships and ListMergeRecords. Each finds the
 * matching rows through an index, goes up to the root persons (a merged person answers as its
 * survivor), drops erased ones, applies the dealer filter, and reads what the answer shows of each in
 * the same statement.
 */
@ApplicationScoped
public class SearchStore {

    /** Name traits searched by fragment: exactly the predicate of the V5 partial indexes. */
    private static final String NAME_KEYS = "('name', 'family_name', 'given_name')";

    /** SQL for the member IDs of the root in {@code alias.root}, as an array. */
    private static String members(String alias) {
        return "array(select m.id from person m where m.id = " + alias + ".root or m.merged_into = " + alias + ".root)";
    }

    /** What a search shows of one root person, before the domain picks its name and masks its phone. */
    public record Found(String personId, List<ReportedTrait> nameTraits, Optional<String> firstPhone,
            List<VehicleLink> vehicles, Lifecycle.Stage stage, List<String> dealerIds) {
    }

    /** One person's relationship to a vehicle, as the root person. */
    public record Related(String personId, VehicleLink.VehicleRole role, String source, Instant createdAt) {
    }

    /** The people related to a VIN (sorted owners, drivers, household, then by person) and its attributes. */
    public record VehiclePeople(VehicleLink.Attributes attributes, List<Related> relationships) {
    }

    /** Persons whose phone or e-mail (normalised) is this identifier; a quarantined one matches nobody. */
    public Uni<List<Found>> byIdentifier(IdentifierKey key, String dealerId, String after, int limit) {
        String candidates = """
                select i.person_id from person_identifier i where i.type = cast(:type as text)
                  and i.scope = cast(:scope as text) and i.value = cast(:value as text)
                  and not exists (select 1 from quarantined_identifier q where q.digest = i.digest)""";
        Map<String, Object> p = new HashMap<>(Map.of("type", key.kind().name(), "scope", key.scope(), "value", key.value()));
        return find(candidates, p, dealerId, after, limit);
    }

    /** Persons related to a vehicle (any role). */
    public Uni<List<Found>> byVin(String vin, String dealerId, String after, int limit) {
        return find("select v.person_id from vehicle_relationship v where v.vin = cast(:vin as text)",
                new HashMap<>(Map.of("vin", vin)), dealerId, after, limit);
    }

    /** Persons related to the vehicle(s) with this (normalised) plate. */
    public Uni<List<Found>> byPlate(String plate, String dealerId, String after, int limit) {
        return find("""
                select v.person_id from vehicle vh join vehicle_relationship v on v.vin = vh.vin
                where vh.licence_plate = cast(:plate as text)""", new HashMap<>(Map.of("plate", plate)), dealerId, after,
                limit);
    }

    /**
     * Persons with a name trait containing the lower-case fragment (3 characters or more: trigram
     * index, anywhere in the name).
     */
    public Uni<List<Found>> byNameContaining(String likePattern, String dealerId, String after, int limit) {
        return find("select t.person_id from person_trait t where t.key in " + NAME_KEYS
                + " and lower(t.value) like cast(:pattern as text)", new HashMap<>(Map.of("pattern", likePattern)),
                dealerId, after, limit);
    }

    /**
     * Persons with a name trait starting with the lower-case fragment ({@code lower <= name < upper},
     * byte-wise: the text_pattern_ops index, which a LIKE with a bound parameter could not use).
     */
    public Uni<List<Found>> byNamePrefix(String lower, String upper, String dealerId, String after, int limit) {
        return find("select t.person_id from person_trait t where t.key in " + NAME_KEYS
                + " and lower(t.value) ~>=~ cast(:lo as text) and lower(t.value) ~<~ cast(:hi as text)",
                new HashMap<>(Map.of("lo", lower, "hi", upper)), dealerId, after, limit);
    }

    private Uni<List<Found>> find(String candidates, Map<String, Object> params, String dealerId, String after,
            int limit) {
        params.put("dealer", dealerId == null ? "" : dealerId);
        params.put("after", after == null ? "" : after);
        params.put("limit", limit);
        String sql = """
                with c as (%1$s),
                r as (select distinct coalesce(p.merged_into, p.id) as root from person p
                      where p.id = any(array(select c.person_id from c))),
                f as (select r.root from r join person p on p.id = r.root
                      where p.erased_at is null and r.root > cast(:after as text)
                        and (cast(:dealer as text) = '' or cast(%2$s as jsonb) @> jsonb_build_array(cast(:dealer as text)))
                      order by r.root limit cast(:limit as int))
                select cast(coalesce(json_agg(json_build_object(
                  'id', f.root,
                  'names', (select coalesce(json_agg(json_build_object('k', t.key, 'v', t.value, 'src', t.source,
                        'at', t.observed_at, 'o', t.person_id) order by t.key, t.observed_at, t.id), '[]')
                      from person_trait t where t.person_id = any(%3$s) and t.key in %4$s),
                  'phone', (select i.value from person_identifier i where i.person_id = any(%3$s) and i.type = 'PHONE'
                      and not exists (select 1 from quarantined_identifier q where q.digest = i.digest)
                      order by i.first_seen_at, i.id limit 1),
                  'vehicles', (select coalesce(json_agg(json_build_object('vin', v.vin, 'role', v.role, 'src', v.source,
                        'at', v.created_at, 'b', vh.brand, 'm', vh.model, 'y', vh.model_year, 'pl', vh.licence_plate)
                        order by v.created_at, v.id), '[]')
                      from vehicle_relationship v left join vehicle vh on vh.vin = v.vin where v.person_id = any(%3$s)),
                  'stage', (select l.stage from person_lifecycle l where l.person_id = f.root),
                  'dealers', %5$s) order by f.root), '[]') as text) from f
                """.formatted(candidates, PersonStore.dealerIds(members("r")), members("f"), NAME_KEYS,
                PersonStore.dealerIds(members("f")));
        return Sql.array(sql, params).map(rows -> {
            List<Found> found = new ArrayList<>();
            for (Object o : rows) {
                JsonObject row = (JsonObject) o;
                List<ReportedTrait> names = new ArrayList<>();
                for (Object t : row.getJsonArray("names")) {
                    JsonObject n = (JsonObject) t;
                    names.add(new ReportedTrait(n.getString("k"), n.getString("v"), n.getString("src"),
                            instant(n.getValue("at")), n.getString("o")));
                }
                Map<String, VehicleLink> vehicles = new LinkedHashMap<>();
                for (Object v : row.getJsonArray("vehicles")) {
                    VehicleLink link = PersonStore.vehicleLink((JsonObject) v);
                    vehicles.putIfAbsent(link.vin() + '|' + link.role(), link);
                }
                String stage = row.getString("stage");
                found.add(new Found(row.getString("id"), names, Optional.ofNullable(row.getString("phone")),
                        List.copyOf(vehicles.values()), stage == null ? Lifecycle.Stage.LEAD : Lifecycle.Stage.valueOf(stage),
                        PersonStore.strings(row, "dealers")));
            }
            return found;
        });
    }

    /**
     * The root persons related to a VIN, one row per person and role (the earliest link), optionally
     * of one role and only those related to a dealer; and the vehicle's attributes.
     */
    public Uni<VehiclePeople> vehiclePeople(String vin, VehicleLink.VehicleRole role, String dealerId) {
        String sql = """
                with x as (select distinct on (coalesce(p.merged_into, p.id), v.role) coalesce(p.merged_into, p.id) as root,
                             v.role, v.source, v.created_at
                           from vehicle_relationship v join person p on p.id = v.person_id
                           where v.vin = cast(:vin as text) and p.erased_at is null
                             and (cast(:role as text) = '' or v.role = cast(:role as text))
                           order by coalesce(p.merged_into, p.id), v.role, v.created_at, v.id),
                f as (select x.* from x where cast(:dealer as text) = ''
                        or cast(%1$s as jsonb) @> jsonb_build_array(cast(:dealer as text)))
                select cast(json_build_object(
                  'vehicle', (select json_build_object('b', vh.brand, 'm', vh.model, 'y', vh.model_year,
                        'pl', vh.licence_plate) from vehicle vh where vh.vin = cast(:vin as text)),
                  'rels', (select coalesce(json_agg(json_build_object('p', f.root, 'role', f.role, 'src', f.source,
                        'at', f.created_at) order by case f.role when 'OWNER' then 0 when 'DRIVER' then 1 else 2 end,
                        f.root), '[]') from f)) as text)
                """.formatted(PersonStore.dealerIds(members("x")));
        return Sql.object(sql, Map.of("vin", vin, "role", role == null ? "" : role.name(), "dealer",
                dealerId == null ? "" : dealerId)).map(o -> {
                    JsonObject v = o.getJsonObject("vehicle");
                    VehicleLink.Attributes attributes = v == null ? VehicleLink.Attributes.NONE
                            : new VehicleLink.Attributes(v.getString("b"), v.getString("m"), v.getInteger("y"),
                                    v.getString("pl"));
                    List<Related> related = new ArrayList<>();
                    JsonArray rels = o.getJsonArray("rels");
                    for (Object r : rels) {
                        JsonObject rel = (JsonObject) r;
                        related.add(new Related(rel.getString("p"), VehicleLink.VehicleRole.valueOf(rel.getString("role")),
                                rel.getString("src"), instant(rel.getValue("at"))));
                    }
                    return new VehiclePeople(attributes, related);
                });
    }
}
