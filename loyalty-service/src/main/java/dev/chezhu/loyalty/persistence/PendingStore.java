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

/** Pending points: held until they unlock, then released into the ledger (or cancelled by a reversal). */
@ApplicationScoped
@WithSession
public class PendingStore {

    public record Hold(UUID pendingId, String personId, String originPersonId, long points, long spendAmount,
            String reason, String sourceReference, Instant unlockAt, String state, UUID entryId, String actorClient,
            String actorSubject, String actorDealerId, Instant createdAt) {
    }

    private static final String COLUMNS = "pending_id, person_id, origin_person_id, points, spend_amount, reason, "
            + "source_reference, unlock_at, state, entry_id, actor_client, actor_subject, actor_dealer_id, created_at";

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    private static Hold hold(Object[] r) {
        return new Hold(Rows.uuid(r[0]), Rows.text(r[1]), Rows.text(r[2]), Rows.longValue(r[3]), Rows.longValue(r[4]),
                Rows.text(r[5]), Rows.text(r[6]), Rows.instant(r[7]), Rows.text(r[8]), Rows.uuid(r[9]), Rows.text(r[10]),
                Rows.text(r[11]), Rows.text(r[12]), Rows.instant(r[13]));
    }

    public Uni<Void> insert(Hold hold) {
        return session().flatMap(s -> s.createNativeQuery("insert into pending_points (" + COLUMNS + ") values "
                + "(:id, :p, :origin, :points, :spend, :reason, :source, :unlock, 'PENDING', null, :client, :subject, "
                + ":dealer, :now)")
                .setParameter("id", hold.pendingId())
                .setParameter("p", hold.personId())
                .setParameter("origin", hold.originPersonId())
                .setParameter("points", hold.points())
                .setParameter("spend", hold.spendAmount())
                .setParameter("reason", hold.reason())
                .setParameter("source", hold.sourceReference())
                .setParameter("unlock", hold.unlockAt())
                .setParameter("client", hold.actorClient())
                .setParameter("subject", hold.actorSubject())
                .setParameter("dealer", hold.actorDealerId())
                .setParameter("now", hold.createdAt())
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Optional<Hold>> find(UUID pendingId) {
        return session().flatMap(s -> s.createNativeQuery("select " + COLUMNS + " from pending_points "
                + "where pending_id = :id", Object[].class)
                .setParameter("id", pendingId)
                .getResultList())
                .map(rows -> RequestStore.first(rows).map(PendingStore::hold));
    }

    /** Locks one hold (the caller holds its account's lock too). */
    public Uni<Optional<Hold>> lock(UUID pendingId) {
        return session().flatMap(s -> s.createNativeQuery("select " + COLUMNS + " from pending_points "
                + "where pending_id = :id for update", Object[].class)
                .setParameter("id", pendingId)
                .getResultList())
                .map(rows -> RequestStore.first(rows).map(PendingStore::hold));
    }

    /** Points of a holder still pending. */
    public Uni<Long> pendingPoints(String personId) {
        return session().flatMap(s -> s.createNativeQuery("select coalesce(sum(points), 0)::bigint from pending_points "
                + "where person_id = :p and state = 'PENDING'", Long.class)
                .setParameter("p", personId)
                .getSingleResult());
    }

    /** Pending holds of these persons with this source reference. */
    public Uni<List<Hold>> pendingBySource(List<String> persons, String sourceReference) {
        return session().flatMap(s -> s.createNativeQuery("select " + COLUMNS + " from pending_points "
                + "where person_id in (:ps) and source_reference = :source and state = 'PENDING' order by created_at",
                Object[].class)
                .setParameter("ps", persons)
                .setParameter("source", sourceReference)
                .getResultList())
                .map(rows -> rows.stream().map(PendingStore::hold).toList());
    }

    /** Pending holds of these persons for a reason since a time (released ones are in the ledger). */
    public Uni<Long> countEarns(List<String> persons, String reason, Instant since) {
        return session().flatMap(s -> s.createNativeQuery("select count(*)::bigint from pending_points "
                + "where (person_id in (:ps) or origin_person_id in (:ps)) and reason = :reason "
                + "and state = 'PENDING' and created_at >= :since", Long.class)
                .setParameter("ps", persons)
                .setParameter("reason", reason)
                .setParameter("since", since)
                .getSingleResult());
    }

    public Uni<Void> cancel(UUID pendingId, Instant now) {
        return session().flatMap(s -> s.createNativeQuery("update pending_points set state = 'CANCELLED', "
                + "settled_at = :now where pending_id = :id and state = 'PENDING'")
                .setParameter("now", now)
                .setParameter("id", pendingId)
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> release(UUID pendingId, UUID entryId, Instant now) {
        return session().flatMap(s -> s.createNativeQuery("update pending_points set state = 'RELEASED', "
                + "entry_id = :entry, settled_at = :now where pending_id = :id and state = 'PENDING'")
                .setParameter("entry", entryId)
                .setParameter("now", now)
                .setParameter("id", pendingId)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Holds whose unlock time has come (of one holder, or of everyone when personId is null). */
    public Uni<List<Hold>> due(Instant now, String personId, int limit) {
        String scope = personId == null ? "" : " and person_id = :p";
        return session().flatMap(s -> {
            var q = s.createNativeQuery("select " + COLUMNS + " from pending_points where state = 'PENDING' "
                    + "and unlock_at <= :now" + scope + " order by unlock_at limit :limit", Object[].class)
                    .setParameter("now", now)
                    .setParameter("limit", limit);
            if (personId != null) {
                q.setParameter("p", personId);
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(PendingStore::hold).toList());
    }

    public Uni<Integer> moveAll(String from, String to) {
        return session().flatMap(s -> s.createNativeQuery("update pending_points set person_id = :to "
                + "where person_id = :from and state = 'PENDING'")
                .setParameter("to", to)
                .setParameter("from", from)
                .executeUpdate());
    }

    public Uni<Integer> moveOrigins(String from, List<String> origins, String to) {
        return session().flatMap(s -> s.createNativeQuery("update pending_points set person_id = :to "
                + "where person_id = :from and origin_person_id in (:o) and state = 'PENDING'")
                .setParameter("to", to)
                .setParameter("from", from)
                .setParameter("o", origins)
                .executeUpdate());
    }

    public Uni<Integer> cancelAll(String personId, Instant now) {
        return session().flatMap(s -> s.createNativeQuery("update pending_points set state = 'CANCELLED', "
                + "settled_at = :now where person_id = :p and state = 'PENDING'")
                .setParameter("now", now)
                .setParameter("p", personId)
                .executeUpdate());
    }
}
