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

import dev.chezhu.identity.domain.Lead;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Leads and their contacts. */
@ApplicationScoped
public class LeadStore {

    private static final String LEAD_JSON = "json_build_object('id', l.id, 'person', l.person_id, 'dealer', l.dealer_id, "
            + "'assignment', l.assignment, 'source', l.source, 'model', l.vehicle_model, 'created', l.created_at, "
            + "'due', l.contact_due_at, 'first', l.first_contact_at, 'channel', l.first_contact_channel, "
            + "'contacts', (select count(*) from lead_contact lc where lc.lead_id = l.id), 'overdue', l.overdue_at)";

    public Uni<Optional<Lead>> findByRequest(String requestId) {
        return one("select cast(" + LEAD_JSON + " as text) from lead l where l.request_id = cast(:rid as text)",
                Map.of("rid", requestId));
    }

    public Uni<Optional<Lead>> find(String leadId) {
        return one("select cast(" + LEAD_JSON + " as text) from lead l where l.id = cast(:id as text)", Map.of("id", leadId));
    }

    /** The lead, its row locked until the transaction ends. */
    public Uni<Optional<Lead>> lock(String leadId) {
        return one("select cast(" + LEAD_JSON + " as text) from (select * from lead where id = cast(:id as text) for update) l",
                Map.of("id", leadId));
    }

    private Uni<Optional<Lead>> one(String sql, Map<String, Object> params) {
        return Sql.text(sql, params).map(t -> Optional.ofNullable(t).map(JsonObject::new).map(LeadStore::lead));
    }

    /** The dealer whose CRM most recently learnt an identifier of the cluster. */
    public Uni<Optional<String>> previousDealer(String rootId) {
        String sql = """
                select i.scope from person_identifier i where i.person_id = any(%s) and i.type = 'DEALER_CRM_ID'
                order by i.first_seen_at desc, i.id desc limit 1
                """.formatted(PersonStore.CLUSTER_IDS);
        return Sql.text(sql, Map.of("root", rootId)).map(Optional::ofNullable);
    }

    /** Inserts the lead; false when the request_id was recorded meanwhile. */
    public Uni<Boolean> insert(Lead lead, String requestId, String createdBy) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", lead.id());
        p.put("person", lead.personId());
        p.put("dealer", lead.dealerId());
        p.put("assignment", lead.assignment().name());
        p.put("source", lead.source());
        p.put("model", lead.vehicleModel() == null ? "" : lead.vehicleModel());
        p.put("rid", requestId);
        p.put("by", createdBy);
        p.put("created", ts(lead.createdAt()));
        p.put("due", ts(lead.contactDueAt()));
        String sql = """
                insert into lead (id, person_id, dealer_id, assignment, source, vehicle_model, request_id, created_by,
                  created_at, contact_due_at)
                values (cast(:id as text), cast(:person as text), cast(:dealer as text), cast(:assignment as text),
                  cast(:source as text), nullif(cast(:model as text), ''), cast(:rid as text), cast(:by as text), %s, %s)
                on conflict (request_id) do nothing
                """.formatted(tsp("created"), tsp("due"));
        return Sql.update(sql, p).map(n -> n > 0);
    }

    /** The lead a contact request was recorded for, if it was. */
    public Uni<Optional<String>> contactLead(String requestId) {
        return Sql.text("select lead_id from lead_contact where request_id = cast(:rid as text)", Map.of("rid", requestId))
                .map(Optional::ofNullable);
    }

    /** Records a contact; the lead keeps the first one. False when the request_id was recorded meanwhile. */
    public Uni<Boolean> insertContact(String leadId, String requestId, Instant at, Lead.ContactChannel channel,
            String contactedBy) {
        String sql = """
                with c as (insert into lead_contact (lead_id, request_id, contacted_at, channel, contacted_by)
                  values (cast(:lead as text), cast(:rid as text), %s, cast(:channel as text), cast(:by as text))
                  on conflict (request_id) do nothing returning lead_id, contacted_at, channel),
                u as (update lead set first_contact_at = c.contacted_at, first_contact_channel = c.channel
                  from c where lead.id = c.lead_id and lead.first_contact_at is null returning lead.id)
                select cast((select count(*) from c) as text)
                """.formatted(tsp("at"));
        return Sql.text(sql, Map.of("lead", leadId, "rid", requestId, "at", ts(at), "channel", channel.name(),
                "by", contactedBy)).map(n -> !"0".equals(n));
    }

    /** Leads newest first, optionally of one dealer and in one state, after a (created_at, id) cursor. */
    public Uni<List<Lead>> list(String dealerId, Lead.State state, Instant now, int limit, Instant beforeTime,
            String beforeId) {
        String stateFilter = state == null ? "" : switch (state) {
            case CONTACTED -> " and first_contact_at is not null";
            case OVERDUE -> " and first_contact_at is null and (overdue_at is not null or contact_due_at <= " + tsp("now") + ")";
            case OPEN -> " and first_contact_at is null and overdue_at is null and contact_due_at > " + tsp("now");
        };
        String sql = """
                select cast(coalesce(json_agg(%s order by l.created_at desc, l.id desc), '[]') as text) from (
                  select * from lead where (cast(:dealer as text) = '' or dealer_id = cast(:dealer as text))
                    and (cast(:cursor as text) = '' or (created_at, id) < (%s, cast(:cid as text)))%s
                  order by created_at desc, id desc limit cast(:limit as int)) l
                """.formatted(LEAD_JSON, tsp("cursor"), stateFilter);
        Map<String, Object> params = new HashMap<>(Map.of("dealer", dealerId == null ? "" : dealerId,
                "cursor", ts(beforeTime), "cid", beforeId == null ? "" : beforeId, "limit", limit));
        if (state == Lead.State.OPEN || state == Lead.State.OVERDUE) {
            params.put("now", ts(now));
        }
        return Sql.array(sql, params).map(LeadStore::leads);
    }

    /** Marks leads past their contact window as overdue (skipping rows being changed) and answers them. */
    public Uni<List<Lead>> markOverdue(Instant now, int limit) {
        String sql = """
                with d as (select id from lead where first_contact_at is null and overdue_at is null
                           and contact_due_at <= %1$s order by contact_due_at limit cast(:limit as int) for update skip locked),
                l as (update lead set overdue_at = %1$s from d where lead.id = d.id returning lead.*)
                select cast(coalesce(json_agg(%2$s), '[]') as text) from l
                """.formatted(tsp("now"), LEAD_JSON);
        return Sql.array(sql, Map.of("now", ts(now), "limit", limit)).map(LeadStore::leads);
    }

    /** Every lead of a cluster (export). */
    public Uni<List<Lead>> leadsOf(String rootId) {
        return Sql.array("select cast(coalesce(json_agg(" + LEAD_JSON + " order by l.created_at desc), '[]') as text) "
                + "from lead l where l.person_id = any(" + PersonStore.CLUSTER_IDS + ")", Map.of("root", rootId))
                .map(LeadStore::leads);
    }

    static List<Lead> leads(JsonArray rows) {
        List<Lead> leads = new ArrayList<>();
        rows.forEach(o -> leads.add(lead((JsonObject) o)));
        return leads;
    }

    static Lead lead(JsonObject l) {
        String channel = l.getString("channel");
        return new Lead(l.getString("id"), l.getString("person"), l.getString("dealer"),
                Lead.Assignment.valueOf(l.getString("assignment")), l.getString("source"), l.getString("model"),
                instant(l.getValue("created")), instant(l.getValue("due")), instant(l.getValue("first")),
                channel == null ? null : Lead.ContactChannel.valueOf(channel), l.getInteger("contacts"),
                instant(l.getValue("overdue")));
    }
}
