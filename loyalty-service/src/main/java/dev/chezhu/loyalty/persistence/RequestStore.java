package dev.chezhu.loyalty.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The loyalty_request table: one row per request_id, claimed in the transaction that does the work. */
@ApplicationScoped
@WithSession
public class RequestStore {

    public record Request(String requestId, String operation, String fingerprint, String actorClient,
            String actorSubject, String resultRef) {
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** True when this transaction claimed the request_id; a concurrent claimer waits for the first to end. */
    public Uni<Boolean> insert(String requestId, String operation, String fingerprint, String client, String subject,
            Instant now) {
        return session().flatMap(s -> s.createNativeQuery("insert into loyalty_request (request_id, operation, "
                + "fingerprint, actor_client, actor_subject, created_at) values (:id, :op, :fp, :client, :subject, :now) "
                + "on conflict (request_id) do nothing")
                .setParameter("id", requestId)
                .setParameter("op", operation)
                .setParameter("fp", fingerprint)
                .setParameter("client", client)
                .setParameter("subject", subject)
                .setParameter("now", now)
                .executeUpdate())
                .map(n -> n == 1);
    }

    public Uni<Optional<Request>> find(String requestId) {
        return session().flatMap(s -> s.createNativeQuery("select request_id, operation, fingerprint, actor_client, "
                + "actor_subject, result_ref from loyalty_request where request_id = :id", Object[].class)
                .setParameter("id", requestId)
                .getResultList())
                .map(rows -> rows.stream().findFirst().map(r -> new Request(Rows.text(r[0]), Rows.text(r[1]),
                        Rows.text(r[2]), Rows.text(r[3]), Rows.text(r[4]), Rows.text(r[5]))));
    }

    public Uni<Void> complete(String requestId, String resultRef) {
        return session().flatMap(s -> s.createNativeQuery("update loyalty_request set result_ref = :ref "
                + "where request_id = :id")
                .setParameter("ref", resultRef)
                .setParameter("id", requestId)
                .executeUpdate())
                .replaceWithVoid();
    }

    static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
}
