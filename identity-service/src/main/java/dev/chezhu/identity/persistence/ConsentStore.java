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

import dev.chezhu.identity.domain.Consent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Consent records (append-only, enforced by a trigger) and the queries that answer from them: the
 * latest record per purpose and channel of a cluster, the history, and the owners of a vehicle.
 */
@ApplicationScoped
public class ConsentStore {

    private static final String RECORD_JSON = "json_build_object('id', c.id, 'person', c.person_id, 'purpose', c.purpose, "
            + "'channel', c.channel, 'state', c.state, 'source', c.source, 'recorded', c.recorded_at, "
            + "'expires', c.expires_at, 'by', c.recorded_by)";

    public Uni<Optional<Consent.Record>> findByRequest(String requestId) {
        return Sql.text("select cast(" + RECORD_JSON + " as text) from consent_record c where c.request_id = cast(:rid as text)",
                Map.of("rid", requestId)).map(t -> Optional.ofNullable(t).map(JsonObject::new).map(ConsentStore::record));
    }

    /** The latest record per purpose and channel of the cluster (the current consent). */
    public Uni<List<Consent.Entry>> latest(String rootId) {
        String sql = """
                select cast(coalesce(json_agg(%s), '[]') as text) from (
                  select distinct on (purpose, channel) * from consent_record
                  where person_id = any(%s) order by purpose, channel, recorded_at desc, id desc) c
                """.formatted(RECORD_JSON, PersonStore.CLUSTER_IDS);
        return Sql.array(sql, Map.of("root", rootId)).map(rows -> {
            List<Consent.Entry> entries = new ArrayList<>();
            for (Object o : rows) {
                Consent.Record r = record((JsonObject) o);
                entries.add(new Consent.Entry(r.personId(), r.purpose(), r.channel(), r.state(), r.source(),
                        r.recordedAt(), r.expiresAt()));
            }
            return entries;
        });
    }

    /** Appends a record; empty when the request_id was recorded meanwhile. */
    public Uni<Optional<Consent.Record>> insert(String rootId, Consent.RecordCommand command, String recordedBy,
            Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("person", rootId);
        p.put("purpose", command.purpose().name());
        p.put("channel", command.channel().stored());
        p.put("state", command.state().name());
        p.put("source", command.source());
        p.put("recorded", ts(command.recordedAt()));
        p.put("expires", ts(command.expiresAt()));
        p.put("by", recordedBy);
        p.put("rid", command.requestId());
        p.put("now", ts(now));
        String sql = """
                with c as (insert into consent_record (person_id, purpose, channel, state, source, recorded_at, expires_at,
                    recorded_by, request_id, created_at)
                  values (cast(:person as text), cast(:purpose as text), cast(:channel as text), cast(:state as text),
                    cast(:source as text), %s, %s, cast(:by as text), cast(:rid as text), %s)
                  on conflict (request_id) do nothing returning *)
                select cast(%s as text) from c
                """.formatted(tsp("recorded"), tsp("expires"), tsp("now"), RECORD_JSON);
        return Sql.text(sql, p).map(t -> Optional.ofNullable(t).map(JsonObject::new).map(ConsentStore::record));
    }

    /** The cluster's records, newest first, after a (recorded_at, id) cursor. */
    public Uni<List<Consent.Record>> history(String rootId, int limit, Instant beforeTime, long beforeId) {
        String sql = """
                select cast(coalesce(json_agg(%s order by c.recorded_at desc, c.id desc), '[]') as text) from (
                  select * from consent_record where person_id = any(%s)
                    and (cast(:cursor as text) = '' or (recorded_at, id) < (%s, cast(:id as bigint)))
                  order by recorded_at desc, id desc limit cast(:limit as int)) c
                """.formatted(RECORD_JSON, PersonStore.CLUSTER_IDS, tsp("cursor"));
        return Sql.array(sql, Map.of("root", rootId, "cursor", ts(beforeTime), "id", beforeId, "limit", limit))
                .map(ConsentStore::records);
    }

    /** The root persons linked to a vehicle as owner (erased excluded), in ID order. */
    public Uni<List<String>> vehicleOwners(String vin) {
        String sql = """
                select cast(coalesce(json_agg(distinct coalesce(p.merged_into, p.id)), '[]') as text)
                from vehicle_relationship v join person p on p.id = v.person_id
                where v.vin = cast(:vin as text) and v.role = 'OWNER' and p.erased_at is null
                """;
        return Sql.array(sql, Map.of("vin", vin)).map(a -> {
            List<String> owners = new ArrayList<>();
            a.forEach(o -> owners.add((String) o));
            owners.sort(String::compareTo);
            return owners;
        });
    }

    static List<Consent.Record> records(JsonArray rows) {
        List<Consent.Record> records = new ArrayList<>();
        rows.forEach(o -> records.add(record((JsonObject) o)));
        return records;
    }

    static Consent.Record record(JsonObject c) {
        return new Consent.Record(c.getLong("id"), c.getString("person"), Consent.Purpose.valueOf(c.getString("purpose")),
                Consent.Channel.ofStored(c.getString("channel")), Consent.State.valueOf(c.getString("state")),
                c.getString("source"), instant(c.getValue("recorded")), instant(c.getValue("expires")), c.getString("by"));
    }
}
