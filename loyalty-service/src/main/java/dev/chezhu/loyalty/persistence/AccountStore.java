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
 * Account rows: the balance snapshot (written only by the ledger trigger), the tier, merges and
 * closing. The row is the per-account lock: every change of an account's points happens under it.
 */
@ApplicationScoped
@WithSession
public class AccountStore {

    /** One account row. mergedInto points at the survivor when this account was merged away. */
    public record AccountRow(String personId, String tier, long balance, long version, Instant createdAt,
            Instant tierSince, Instant tierReviewAt, String mergedInto, Instant closedAt) {

        public boolean merged() {
            return mergedInto != null;
        }

        public boolean closed() {
            return closedAt != null;
        }
    }

    private static final String COLUMNS = "person_id, tier, balance, version, created_at, tier_since, tier_review_at, "
            + "merged_into, closed_at";

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    private static AccountRow row(Object[] r) {
        return new AccountRow(Rows.text(r[0]), Rows.text(r[1]), Rows.longValue(r[2]), Rows.longValue(r[3]),
                Rows.instant(r[4]), Rows.instant(r[5]), Rows.instant(r[6]), Rows.text(r[7]), Rows.instant(r[8]));
    }

    public Uni<Optional<AccountRow>> find(String personId) {
        return session().flatMap(s -> s.createNativeQuery("select " + COLUMNS + " from loyalty_account "
                + "where person_id = :p", Object[].class)
                .setParameter("p", personId)
                .getResultList())
                .map(rows -> RequestStore.first(rows).map(AccountStore::row));
    }

    /** Locks one account row until the transaction ends. */
    public Uni<Optional<AccountRow>> lock(String personId) {
        return session().flatMap(s -> s.createNativeQuery("select " + COLUMNS + " from loyalty_account "
                + "where person_id = :p for update", Object[].class)
                .setParameter("p", personId)
                .getResultList())
                .map(rows -> RequestStore.first(rows).map(AccountStore::row));
    }

    /** Locks several account rows in one order (person ID), so that two lockers never deadlock. */
    public Uni<List<AccountRow>> lockAll(List<String> personIds) {
        return session().flatMap(s -> s.createNativeQuery("select " + COLUMNS + " from loyalty_account "
                + "where person_id in (:ps) order by person_id for update", Object[].class)
                .setParameter("ps", personIds)
                .getResultList())
                .map(rows -> rows.stream().map(AccountStore::row).toList());
    }

    /** The persons whose accounts are merged into this one (their history is part of it). */
    public Uni<List<String>> mergedInto(String personId) {
        return session().flatMap(s -> s.createNativeQuery("select person_id from loyalty_account "
                + "where merged_into = :p order by person_id", String.class)
                .setParameter("p", personId)
                .getResultList());
    }

    public Uni<Void> setTier(String personId, String tier, Instant since, Instant reviewAt, Instant now) {
        return session().flatMap(s -> s.createNativeQuery("update loyalty_account set tier = :tier, "
                + "tier_since = :since, tier_review_at = :review, updated_at = greatest(updated_at, :now) "
                + "where person_id = :p")
                .setParameter("tier", tier)
                .setParameter("since", since)
                .setParameter("review", reviewAt)
                .setParameter("now", now)
                .setParameter("p", personId)
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> setReview(String personId, Instant reviewAt) {
        return session().flatMap(s -> s.createNativeQuery("update loyalty_account set tier_review_at = :review "
                + "where person_id = :p")
                .setParameter("review", reviewAt)
                .setParameter("p", personId)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Points the account (and every account merged into it) at a new survivor, or back (null). */
    public Uni<Integer> setMergedInto(List<String> personIds, String survivor, Instant now) {
        return session().flatMap(s -> s.createNativeQuery("update loyalty_account set merged_into = :to, "
                + "updated_at = greatest(updated_at, :now) where person_id in (:ps)")
                .setParameter("to", survivor)
                .setParameter("now", now)
                .setParameter("ps", personIds)
                .executeUpdate());
    }

    public Uni<Void> close(String personId, Instant now) {
        return session().flatMap(s -> s.createNativeQuery("update loyalty_account set closed_at = :now, "
                + "updated_at = greatest(updated_at, :now) where person_id = :p and closed_at is null")
                .setParameter("now", now)
                .setParameter("p", personId)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Accounts whose tier review date has passed (at most {@code limit}). */
    public Uni<List<String>> dueForReview(Instant now, int limit) {
        return session().flatMap(s -> s.createNativeQuery("select person_id from loyalty_account "
                + "where tier_review_at <= :now and merged_into is null order by tier_review_at limit :limit",
                String.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** Write the tier change to the audit log. */
    public Uni<Void> logTierChange(java.util.UUID id, String personId, String from, String to, boolean upgrade,
            Instant at, Instant reviewAt) {
        return session().flatMap(s -> s.createNativeQuery("insert into tier_change (change_id, person_id, "
                + "previous_tier, tier, upgrade, changed_at, review_at) values (:id, :p, :from, :to, :up, :at, :review)")
                .setParameter("id", id)
                .setParameter("p", personId)
                .setParameter("from", from)
                .setParameter("to", to)
                .setParameter("up", upgrade)
                .setParameter("at", at)
                .setParameter("review", reviewAt)
                .executeUpdate())
                .replaceWithVoid();
    }
}
