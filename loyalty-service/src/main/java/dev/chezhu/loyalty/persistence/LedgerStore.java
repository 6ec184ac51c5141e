package dev.chezhu.loyalty.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Accounts and the append-only ledger in PostgreSQL. There is no update or delete of an entry here,
 * and the database refuses one from anywhere else. Writes need the caller's transaction.
 */
@ApplicationScoped
@WithSession
public class LedgerStore {

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** Creates the empty account of a person if it does not exist yet; concurrent creators agree. */
    public Uni<Void> ensureAccount(String personId, String tier, Instant now) {
        return session().flatMap(s -> s
                .createNativeQuery("insert into loyalty_account (person_id, tier, created_at, updated_at) "
                        + "values (:person, :tier, :now, :now) on conflict (person_id) do nothing")
                .setParameter("person", personId)
                .setParameter("tier", tier)
                .setParameter("now", now)
                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Appends an entry unless its request_id is already in the ledger; true when this call wrote it.
     * A concurrent writer of the same request_id makes this wait for its outcome, so exactly one wins.
     * The insert trigger moves the account balance in this same transaction.
     */
    public Uni<Boolean> append(LedgerEntryEntity entry) {
        return session().flatMap(s -> s
                .createNativeQuery("insert into ledger_entry (entry_id, person_id, kind, points, reason, "
                        + "source_reference, request_id, expires_at, reverses_entry_id, actor_client, actor_subject, "
                        + "actor_dealer_id, created_at, spend_amount) values (:id, :person, :kind, :points, :reason, "
                        + ":source, :request, :expires, :reverses, :client, :subject, :dealer, :now, :spend) "
                        + "on conflict (request_id) do nothing")
                .setParameter("id", entry.entryId)
                .setParameter("person", entry.personId)
                .setParameter("kind", entry.kind)
                .setParameter("points", entry.points)
                .setParameter("reason", entry.reason)
                .setParameter("source", entry.sourceReference)
                .setParameter("request", entry.requestId)
                .setParameter("expires", entry.expiresAt)
                .setParameter("reverses", entry.reversesEntryId)
                .setParameter("client", entry.actorClient)
                .setParameter("subject", entry.actorSubject)
                .setParameter("dealer", entry.actorDealerId)
                .setParameter("now", entry.createdAt)
                .setParameter("spend", entry.spendAmount)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    public Uni<Optional<LedgerEntryEntity>> findByRequestId(String requestId) {
        return session().flatMap(s -> s
                .createSelectionQuery("from LedgerEntryEntity e where e.requestId = :request", LedgerEntryEntity.class)
                .setParameter("request", requestId)
                .getSingleResultOrNull())
                .map(Optional::ofNullable);
    }

    public Uni<Optional<LedgerEntryEntity>> findById(UUID entryId) {
        return session().flatMap(s -> s.find(LedgerEntryEntity.class, entryId)).map(Optional::ofNullable);
    }

    public Uni<List<LedgerEntryEntity>> findByIds(List<UUID> entryIds) {
        if (entryIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return session().flatMap(s -> s
                .createSelectionQuery("from LedgerEntryEntity e where e.entryId in :ids order by e.seq", LedgerEntryEntity.class)
                .setParameter("ids", entryIds)
                .getResultList());
    }

    /** Entries of several accounts (an account and those merged into it), newest first, before a seq. */
    public Uni<List<LedgerEntryEntity>> page(List<String> personIds, long beforeSeq, int limit) {
        return session().flatMap(s -> s
                .createSelectionQuery("from LedgerEntryEntity e where e.personId in :persons and e.seq < :before "
                        + "order by e.seq desc", LedgerEntryEntity.class)
                .setParameter("persons", personIds)
                .setParameter("before", beforeSeq)
                .setMaxResults(limit)
                .getResultList());
    }

    /** Posted earns of these accounts with a source reference that were not taken back yet, oldest first. */
    public Uni<List<LedgerEntryEntity>> unreversedEarns(List<String> personIds, String sourceReference) {
        return session().flatMap(s -> s
                .createNativeQuery("select e.* from ledger_entry e where e.person_id in (:persons) "
                        + "and e.source_reference = :source and e.kind = 'EARN' and not exists "
                        + "(select 1 from points_reversal r where r.reversed_entry_id = e.entry_id) order by e.seq",
                        LedgerEntryEntity.class)
                .setParameter("persons", personIds)
                .setParameter("source", sourceReference)
                .getResultList());
    }

    /** Whether an entry was taken back already. */
    public Uni<Boolean> reversed(UUID entryId) {
        return session().flatMap(s -> s
                .createNativeQuery("select count(*)::bigint from points_reversal where reversed_entry_id = :id", Long.class)
                .setParameter("id", entryId)
                .getSingleResult())
                .map(n -> n > 0);
    }

    public Uni<Void> recordReversal(UUID reversedEntryId, UUID reverseEntryId, String personId, long recovered,
            long unrecovered, String policy, String reason, String requestId, Instant now) {
        return session().flatMap(s -> s
                .createNativeQuery("insert into points_reversal (reversed_entry_id, reverse_entry_id, person_id, "
                        + "points_recovered, points_unrecovered, policy, reason, request_id, created_at) values "
                        + "(:reversed, :reverse, :person, :recovered, :unrecovered, :policy, :reason, :request, :now)")
                .setParameter("reversed", reversedEntryId)
                .setParameter("reverse", reverseEntryId)
                .setParameter("person", personId)
                .setParameter("recovered", recovered)
                .setParameter("unrecovered", unrecovered)
                .setParameter("policy", policy)
                .setParameter("reason", reason)
                .setParameter("request", requestId)
                .setParameter("now", now)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Reversal rows written by one request: what it recovered and wrote off. */
    public Uni<List<Object[]>> reversalsOf(String requestId) {
        return session().flatMap(s -> s
                .createNativeQuery("select reversed_entry_id, reverse_entry_id, points_recovered, points_unrecovered, "
                        + "policy from points_reversal where request_id = :request order by created_at", Object[].class)
                .setParameter("request", requestId)
                .getResultList());
    }

    /**
     * What counts toward the tier: points (or spend) of the earns of these accounts since a time, leaving
     * out earns that were taken back.
     */
    public Uni<Long> qualifying(List<String> personIds, Instant since, boolean spend) {
        String value = spend ? "e.spend_amount" : "e.points";
        return session().flatMap(s -> s
                .createNativeQuery("select coalesce(sum(" + value + "), 0)::bigint from ledger_entry e "
                        + "where e.person_id in (:persons) and e.kind = 'EARN' and e.created_at > :since and not exists "
                        + "(select 1 from points_reversal r where r.reversed_entry_id = e.entry_id)", Long.class)
                .setParameter("persons", personIds)
                .setParameter("since", since)
                .getSingleResult());
    }

    /** Posted earns of a reason since a time, not taken back (for once-per-person and daily limits). */
    public Uni<Long> countEarns(List<String> personIds, String reason, Instant since) {
        return session().flatMap(s -> s
                .createNativeQuery("select count(*)::bigint from ledger_entry e where e.person_id in (:persons) "
                        + "and e.kind = 'EARN' and e.reason = :reason and e.created_at >= :since and not exists "
                        + "(select 1 from points_reversal r where r.reversed_entry_id = e.entry_id)", Long.class)
                .setParameter("persons", personIds)
                .setParameter("reason", reason)
                .setParameter("since", since)
                .getSingleResult());
    }
}
