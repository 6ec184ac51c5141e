package dev.chezhu.loyalty.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** One row per identity merge: what it moved, and whether it was split back. */
@ApplicationScoped
@WithSession
public class MergeStore {

    public record MergeRow(String mergeId, String sourcePersonId, String targetPersonId, String state, long pointsMoved,
            int pendingMoved, int couponsMoved, long pointsReturned, List<String> movedPersons, Instant mergedAt,
            Instant unmergedAt) {
    }

    private static final String COLUMNS = "merge_id, source_person_id, target_person_id, state, points_moved, "
            + "pending_moved_count, coupons_moved_count, points_returned, moved_persons, merged_at, unmerged_at";

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** Claims a merge ID (state MERGED); false when a row exists (a repeat). */
    public Uni<Boolean> claim(String mergeId, String source, String target, Instant now) {
        return session().flatMap(s -> s.createNativeQuery("insert into account_merge (merge_id, source_person_id, "
                + "target_person_id, state, merged_at) values (:id, :source, :target, 'MERGED', :now) "
                + "on conflict (merge_id) do nothing")
                .setParameter("id", mergeId)
                .setParameter("source", source)
                .setParameter("target", target)
                .setParameter("now", now)
                .executeUpdate())
                .map(n -> n == 1);
    }

    public Uni<Optional<MergeRow>> lock(String mergeId) {
        return session().flatMap(s -> s.createNativeQuery("select " + COLUMNS + " from account_merge "
                + "where merge_id = :id for update", Object[].class)
                .setParameter("id", mergeId)
                .getResultList())
                .map(rows -> RequestStore.first(rows).map(r -> new MergeRow(Rows.text(r[0]), Rows.text(r[1]),
                        Rows.text(r[2]), Rows.text(r[3]), Rows.longValue(r[4]), Rows.intValue(r[5]), Rows.intValue(r[6]),
                        Rows.longValue(r[7]), Rows.list(r[8]), Rows.instant(r[9]), Rows.instant(r[10]))));
    }

    /** The merge in force that merged this person away, if any (locked). */
    public Uni<Optional<String>> activeMergeOf(String source) {
        return session().flatMap(s -> s.createNativeQuery("select merge_id from account_merge where source_person_id = :s "
                + "and state = 'MERGED' order by merged_at desc limit 1 for update", String.class)
                .setParameter("s", source)
                .getResultList())
                .map(RequestStore::first);
    }

    public Uni<Void> merged(String mergeId, long points, int pending, int coupons, List<String> movedPersons) {
        return session().flatMap(s -> s.createNativeQuery("update account_merge set points_moved = :points, "
                + "pending_moved_count = :pending, coupons_moved_count = :coupons, moved_persons = :moved "
                + "where merge_id = :id")
                .setParameter("points", points)
                .setParameter("pending", pending)
                .setParameter("coupons", coupons)
                .setParameter("moved", Rows.joined(movedPersons))
                .setParameter("id", mergeId)
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> unmerged(String mergeId, long returned, Instant now) {
        return session().flatMap(s -> s.createNativeQuery("update account_merge set state = 'UNMERGED', "
                + "points_returned = :returned, unmerged_at = :now where merge_id = :id")
                .setParameter("returned", returned)
                .setParameter("now", now)
                .setParameter("id", mergeId)
                .executeUpdate())
                .replaceWithVoid();
    }
}
