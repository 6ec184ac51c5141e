package dev.chezhu.loyalty.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.chezhu.loyalty.domain.FifoLots;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Lots (the spendable remainder of positive entries) and what consumed them. Callers hold the account lock. */
@ApplicationScoped
@WithSession
public class LotStore {

    /** A lot due to expire or be warned about, with its holder. */
    public record DueLot(UUID lotId, String personId, long remaining, Instant expiresAt) {
    }

    /** The account's balance and what its lots hold. */
    public record Holdings(long balance, long held) {
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    public Uni<Void> insert(UUID lotId, String personId, String originPersonId, long points, Instant expiresAt,
            Instant now) {
        return session().flatMap(s -> s.createNativeQuery("insert into points_lot (lot_id, person_id, "
                + "origin_person_id, points, remaining, expires_at, created_at) "
                + "values (:id, :p, :origin, :points, :points, :expires, :now)")
                .setParameter("id", lotId)
                .setParameter("p", personId)
                .setParameter("origin", originPersonId)
                .setParameter("points", points)
                .setParameter("expires", expiresAt)
                .setParameter("now", now)
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Holdings> holdings(String personId) {
        return session().flatMap(s -> s.createNativeQuery("select a.balance, (select coalesce(sum(l.remaining), 0) "
                + "from points_lot l where l.person_id = a.person_id and l.remaining > 0) "
                + "from loyalty_account a where a.person_id = :p", Object[].class)
                .setParameter("p", personId)
                .getSingleResult())
                .map(r -> new Holdings(Rows.longValue(r[0]), Rows.longValue(r[1])));
    }

    public Uni<List<FifoLots.Lot>> spendable(String personId) {
        return session().flatMap(s -> s.createNativeQuery("select lot_id, remaining, expires_at, created_at "
                + "from points_lot where person_id = :p and remaining > 0 "
                + "order by expires_at nulls last, created_at, lot_id", Object[].class)
                .setParameter("p", personId)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new FifoLots.Lot(Rows.uuid(r[0]), Rows.longValue(r[1]),
                        Rows.instant(r[2]), Rows.instant(r[3]))).toList());
    }

    /** Takes points from a lot on behalf of an entry. */
    public Uni<Void> consume(UUID lotId, long points, UUID entryId) {
        return session().flatMap(s -> s.createNativeQuery("update points_lot set remaining = remaining - :points "
                + "where lot_id = :lot and remaining >= :points")
                .setParameter("points", points)
                .setParameter("lot", lotId)
                .executeUpdate()
                .invoke(n -> {
                    if (n != 1) {
                        throw new IllegalStateException("lot " + lotId + " holds less than " + points);
                    }
                })
                .flatMap(n -> s.createNativeQuery("insert into lot_allocation (entry_id, lot_id, points) "
                        + "values (:entry, :lot, :points)")
                        .setParameter("entry", entryId)
                        .setParameter("lot", lotId)
                        .setParameter("points", points)
                        .executeUpdate()))
                .replaceWithVoid();
    }

    /** The lot that expires next: its points (all lots expiring at that instant) and when. */
    public Uni<List<Object[]>> nextExpiry(String personId) {
        return session().flatMap(s -> s.createNativeQuery("select expires_at, sum(remaining) from points_lot "
                + "where person_id = :p and remaining > 0 and expires_at is not null "
                + "group by expires_at order by expires_at limit 1", Object[].class)
                .setParameter("p", personId)
                .getResultList());
    }

    /** Lots of origin persons still held by a holder (what an unmerge gives back). */
    public Uni<Long> heldFromOrigins(String holder, List<String> origins) {
        return session().flatMap(s -> s.createNativeQuery("select coalesce(sum(remaining), 0)::bigint from points_lot "
                + "where person_id = :h and origin_person_id in (:o) and remaining > 0", Long.class)
                .setParameter("h", holder)
                .setParameter("o", origins)
                .getSingleResult());
    }

    /** Moves every lot held by {@code from} to {@code to} (a merge). */
    public Uni<Integer> moveAll(String from, String to) {
        return session().flatMap(s -> s.createNativeQuery("update points_lot set person_id = :to where person_id = :from")
                .setParameter("to", to)
                .setParameter("from", from)
                .executeUpdate());
    }

    /** Moves the lots of these origins held by {@code from} back to {@code to} (an unmerge). */
    public Uni<Integer> moveOrigins(String from, List<String> origins, String to) {
        return session().flatMap(s -> s.createNativeQuery("update points_lot set person_id = :to "
                + "where person_id = :from and origin_person_id in (:o)")
                .setParameter("to", to)
                .setParameter("from", from)
                .setParameter("o", origins)
                .executeUpdate());
    }

    /** Lots whose expiry has come (of one holder, or of everyone when personId is null). */
    public Uni<List<DueLot>> due(Instant now, String personId, int limit) {
        String scope = personId == null ? "" : " and person_id = :p";
        return session().flatMap(s -> {
            var q = s.createNativeQuery("select lot_id, person_id, remaining, expires_at from points_lot "
                    + "where remaining > 0 and expires_at <= :now" + scope + " order by expires_at limit :limit",
                    Object[].class)
                    .setParameter("now", now)
                    .setParameter("limit", limit);
            if (personId != null) {
                q.setParameter("p", personId);
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(r -> new DueLot(Rows.uuid(r[0]), Rows.text(r[1]), Rows.longValue(r[2]),
                Rows.instant(r[3]))).toList());
    }

    /** Lots expiring before {@code until} whose holder was not warned yet. */
    public Uni<List<DueLot>> toWarn(Instant now, Instant until, String personId, int limit) {
        String scope = personId == null ? "" : " and person_id = :p";
        return session().flatMap(s -> {
            var q = s.createNativeQuery("select lot_id, person_id, remaining, expires_at from points_lot "
                    + "where remaining > 0 and warned_at is null and expires_at > :now and expires_at <= :until"
                    + scope + " order by expires_at limit :limit", Object[].class)
                    .setParameter("now", now)
                    .setParameter("until", until)
                    .setParameter("limit", limit);
            if (personId != null) {
                q.setParameter("p", personId);
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(r -> new DueLot(Rows.uuid(r[0]), Rows.text(r[1]), Rows.longValue(r[2]),
                Rows.instant(r[3]))).toList());
    }

    /** Marks lots as warned; true for each lot that was not warned before (a concurrent job may have). */
    public Uni<Integer> markWarned(List<UUID> lotIds, Instant now) {
        return session().flatMap(s -> s.createNativeQuery("update points_lot set warned_at = :now "
                + "where lot_id in (:ids) and warned_at is null")
                .setParameter("now", now)
                .setParameter("ids", lotIds)
                .executeUpdate());
    }

    /** The lot's current remainder and holder, locked. */
    public Uni<List<Object[]>> lockLot(UUID lotId) {
        return session().flatMap(s -> s.createNativeQuery("select person_id, remaining, expires_at from points_lot "
                + "where lot_id = :id for update", Object[].class)
                .setParameter("id", lotId)
                .getResultList());
    }
}
