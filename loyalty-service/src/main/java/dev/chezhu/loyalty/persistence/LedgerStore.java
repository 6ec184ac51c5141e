package dev.chezhu.loyalty.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
                        + "actor_dealer_id, created_at) values (:id, :person, :kind, :points, :reason, :source, "
                        + ":request, :expires, :reverses, :client, :subject, :dealer, :now) "
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

    public Uni<Optional<LoyaltyAccountEntity>> findAccount(String personId) {
        return session().flatMap(s -> s.find(LoyaltyAccountEntity.class, personId)).map(Optional::ofNullable);
    }

    /** The newest entries of one account, newest first. */
    public Uni<List<LedgerEntryEntity>> recentEntries(String personId, int limit) {
        return session().flatMap(s -> s
                .createSelectionQuery("from LedgerEntryEntity e where e.personId = :person order by e.seq desc",
                        LedgerEntryEntity.class)
                .setParameter("person", personId)
                .setMaxResults(limit)
                .getResultList());
    }
}
