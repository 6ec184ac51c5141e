package dev.chezhu.recommendation.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Listening events in PostgreSQL. Callers own the transaction. */
@ApplicationScoped
@WithSession
public class ListeningEventStore {

    /** One event row as training reads it: no caller, no request, only what the model needs. */
    public record TrainingRow(String personId, String vin, String itemId, String type, long listenedMs, String place,
            String dayPart, String drivingState, long eventTimeMs) {
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** Serialises writers on one key until the transaction ends (PostgreSQL advisory lock). */
    public Uni<Void> lock(String key) {
        return session().flatMap(s -> s
                .createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtextextended(:key, 0))) l")
                .setParameter("key", key)
                .getSingleResult())
                .replaceWithVoid();
    }

    public Uni<Optional<ListeningEventEntity>> findByRequest(String caller, String requestId) {
        return session().flatMap(s -> s
                .createSelectionQuery("from ListeningEventEntity e where e.caller = :caller and e.requestId = :requestId",
                        ListeningEventEntity.class)
                .setParameter("caller", caller)
                .setParameter("requestId", requestId)
                .getSingleResultOrNull())
                .map(Optional::ofNullable);
    }

    public Uni<ListeningEventEntity> insert(ListeningEventEntity event) {
        return session().flatMap(s -> s.persist(event).call(s::flush)).replaceWith(event);
    }

    /** Notes that the event reached Redis; a no-op if an earlier attempt already did. */
    public Uni<Void> markProjected(String eventId, Instant now) {
        return session().flatMap(s -> s
                .createMutationQuery("update ListeningEventEntity e set e.projectedAt = :now "
                        + "where e.id = :id and e.projectedAt is null")
                .setParameter("now", now)
                .setParameter("id", eventId)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The survivor a merged person ID now stands for, if it was merged. */
    public Uni<Optional<String>> survivorOf(String personId) {
        return session().flatMap(s -> s
                .createNativeQuery("select survivor_id from person_alias where person_id = :id", String.class)
                .setParameter("id", personId)
                .getSingleResultOrNull())
                .map(Optional::ofNullable);
    }

    /**
     * A listener's events, newest first, strictly before the cursor ({@code beforeTime}, {@code beforeId})
     * when one is given.
     */
    public Uni<List<ListeningEventEntity>> page(String personId, String vin, Instant beforeTime, String beforeId,
            int limit) {
        String who = personId != null ? "e.personId = :who" : "e.vin = :who";
        String cursor = beforeTime == null ? ""
                : " and (e.eventTime < :t or (e.eventTime = :t and e.id < :id))";
        return session().flatMap(s -> {
            var query = s.createSelectionQuery("from ListeningEventEntity e where " + who + cursor
                    + " order by e.eventTime desc, e.id desc", ListeningEventEntity.class)
                    .setParameter("who", personId != null ? personId : vin)
                    .setMaxResults(limit);
            if (beforeTime != null) {
                query.setParameter("t", beforeTime).setParameter("id", beforeId);
            }
            return query.getResultList();
        });
    }

    /** Every event that counts for one of the persons now, oldest first. */
    public Uni<List<ListeningEventEntity>> forPersons(Collection<String> personIds, int limit) {
        return session().flatMap(s -> s
                .createSelectionQuery("from ListeningEventEntity e where e.personId in :ids "
                        + "order by e.eventTime, e.id", ListeningEventEntity.class)
                .setParameter("ids", personIds)
                .setMaxResults(limit)
                .getResultList());
    }

    /** Every event recorded for or counting for one of the persons (erasure). */
    public Uni<List<ListeningEventEntity>> touching(Collection<String> personIds) {
        return session().flatMap(s -> s
                .createSelectionQuery("from ListeningEventEntity e where e.personId in :ids "
                        + "or e.originalPersonId in :ids", ListeningEventEntity.class)
                .setParameter("ids", personIds)
                .getResultList());
    }

    public Uni<Integer> deleteTouching(Collection<String> personIds) {
        return session().flatMap(s -> s
                .createMutationQuery("delete from ListeningEventEntity e where e.personId in :ids "
                        + "or e.originalPersonId in :ids")
                .setParameter("ids", personIds)
                .executeUpdate())
                .call(() -> session().flatMap(s -> s
                        .createNativeQuery(
                                "delete from person_alias where person_id in (:ids) or survivor_id in (:ids)")
                        .setParameter("ids", personIds)
                        .executeUpdate()));
    }

    /** The merged persons' events now count for the survivor; their IDs become aliases of it. */
    public Uni<Integer> merge(String survivor, Collection<String> merged) {
        return session().flatMap(s -> s
                .createMutationQuery("update ListeningEventEntity e set e.personId = :survivor where e.personId in :merged")
                .setParameter("survivor", survivor)
                .setParameter("merged", merged)
                .executeUpdate()
                .call(() -> s.createNativeQuery(
                        "update person_alias set survivor_id = :survivor where survivor_id in (:merged)")
                        .setParameter("survivor", survivor)
                        .setParameter("merged", merged)
                        .executeUpdate())
                .call(() -> {
                    Uni<Integer> all = Uni.createFrom().item(0);
                    for (String id : merged) {
                        all = all.call(() -> s.createNativeQuery("insert into person_alias (person_id, survivor_id) "
                                + "values (:id, :survivor) on conflict (person_id) do update set survivor_id = :survivor, "
                                + "merged_at = now()")
                                .setParameter("id", id)
                                .setParameter("survivor", survivor)
                                .executeUpdate());
                    }
                    return all;
                }));
    }

    /** Events recorded for the restored persons count for them again; they are no longer aliases. */
    public Uni<Integer> split(String formerSurvivor, Collection<String> restored) {
        return session().flatMap(s -> s
                .createMutationQuery("update ListeningEventEntity e set e.personId = e.originalPersonId "
                        + "where e.originalPersonId in :restored and e.personId = :former")
                .setParameter("restored", restored)
                .setParameter("former", formerSurvivor)
                .executeUpdate()
                .call(() -> s.createNativeQuery("delete from person_alias where person_id in (:restored)")
                        .setParameter("restored", restored)
                        .executeUpdate()));
    }

    /** The newest {@code limit} events since {@code since}, for training. */
    @SuppressWarnings("unchecked")
    public Uni<List<TrainingRow>> forTraining(Instant since, int limit) {
        return session().flatMap(s -> s
                .createNativeQuery("select person_id, vin, item_id, type, listened_ms, place, day_part, driving_state, "
                        + "(extract(epoch from event_time) * 1000)::bigint from listening_event "
                        + "where event_time >= :since order by event_time desc limit :limit", Object[].class)
                .setParameter("since", since)
                .setParameter("limit", limit)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new TrainingRow((String) r[0], (String) r[1], (String) r[2],
                        (String) r[3], ((Number) r[4]).longValue(), (String) r[5], (String) r[6], (String) r[7],
                        ((Number) r[8]).longValue())).toList());
    }
}
