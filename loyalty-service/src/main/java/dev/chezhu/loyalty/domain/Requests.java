package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.persistence.RequestStore;
import dev.chezhu.platform.error.ServiceException;
import io.smallrye.mutiny.Uni;

/**
 * Idempotency of requests, inside the caller's transaction. The first transaction to claim a
 * request_id does the work and records what it produced; a concurrent duplicate waits for it (the
 * primary key) and then gets that result to replay. A request_id reused for another operation, another
 * payload or by another caller is refused. A failed request rolls its claim back with everything else.
 */
@ApplicationScoped
public class Requests {

    private final RequestStore store;

    public Requests(RequestStore store) {
        this.store = store;
    }

    /** Empty when this transaction owns the request; otherwise what the first one produced. */
    public Uni<Optional<String>> claim(String requestId, String operation, String fingerprint, Actor actor,
            Instant now) {
        return store.insert(requestId, operation, fingerprint, actor.clientId(), actor.subject(), now)
                .flatMap(inserted -> inserted ? Uni.createFrom().item(Optional.<String> empty())
                        : store.find(requestId).map(found -> {
                            RequestStore.Request first = found.orElseThrow(
                                    () -> new IllegalStateException("request " + requestId + " vanished"));
                            if (!first.operation().equals(operation) || !first.fingerprint().equals(fingerprint)
                                    || !first.actorClient().equals(actor.clientId())
                                    || !first.actorSubject().equals(actor.subject())) {
                                throw reused(requestId);
                            }
                            return Optional.of(first.resultRef() == null ? "" : first.resultRef());
                        }));
    }

    public Uni<Void> complete(String requestId, String resultRef) {
        return store.complete(requestId, resultRef);
    }

    public static ServiceException reused(String requestId) {
        return ServiceException.alreadyExists("REQUEST_ID_REUSED",
                "request_id " + requestId + " was already used for a different request");
    }
}
