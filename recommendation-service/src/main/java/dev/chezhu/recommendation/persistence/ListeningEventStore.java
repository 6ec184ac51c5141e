package dev.chezhu.recommendation.persistence;

import java.time.Instant;
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
}
