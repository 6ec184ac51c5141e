package dev.chezhu.identity.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.chezhu.identity.persistence.AdminStore;
import dev.chezhu.identity.persistence.CacheInvalidation;
import dev.chezhu.identity.persistence.PersonStore;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Erases a person (the whole cluster): personal data deleted, not flagged; the person rows stay as
 * tombstones so the IDs answer PERSON_ERASED; an audit row without personal data remains; the
 * identifiers no longer resolve (caches evicted); PersonErased tells the other services.
 */
@ApplicationScoped
public class Erasures {

    private static final Logger LOG = Logger.getLogger(Erasures.class);

    public record Result(String personId, List<String> erasedIds, Instant erasedAt, Map<String, Long> removedCounts,
            boolean replayed) {
    }

    private record Done(Result result, CacheEvictions evictions) {
    }

    private final PersonStore persons;
    private final PersonLocks locks;
    private final AdminStore store;
    private final IdentityEvents events;
    private final CacheInvalidation invalidation;
    private final Clock clock;

    public Erasures(PersonStore persons, PersonLocks locks, AdminStore store, IdentityEvents events,
            CacheInvalidation invalidation, Clock clock) {
        this.persons = persons;
        this.locks = locks;
        this.store = store;
        this.events = events;
        this.invalidation = invalidation;
        this.clock = clock;
    }

    @WithSpan("Erasures.erase")
    public Uni<Result> erase(String requestId, String personId, Caller caller) {
        Violations violations = new Violations();
        violations.require(requestId != null && ObservationValidator.REQUEST_ID.matcher(requestId).matches(), "request_id",
                "required: 1-128 printable ASCII characters");
        if (!violations.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalidArgument("INVALID_ERASURE", violations.list()));
        }
        String requestedBy = caller.clientId() + ":" + caller.subject();
        return Retries.onConflict(() -> eraseInTransaction(requestId, personId, requestedBy))
                .call(done -> invalidation.evict(done.evictions()))
                .invoke(done -> {
                    if (!done.result().replayed()) {
                        LOG.infof("Erased person %s (%d IDs)", done.result().personId(), done.result().erasedIds().size());
                    }
                })
                .map(Done::result);
    }

    @WithTransaction
    Uni<Done> eraseInTransaction(String requestId, String personId, String requestedBy) {
        Instant now = clock.instant();
        return store.operation(requestId).flatMap(earlier -> {
            if (earlier.isPresent()) {
                if (!earlier.get().kind().equals("ERASE")) {
                    throw ServiceException.failedPrecondition("REQUEST_ID_REUSED", "request_id was used by another operation");
                }
                return store.erasure(requestId).map(e -> {
                    var erasure = e.orElseThrow();
                    return new Done(new Result(erasure.personId(), erasure.erasedIds(), erasure.erasedAt(),
                            erasure.removedCounts(), true), CacheEvictions.NONE);
                });
            }
            return locks.lockRoot(personId, true).flatMap(root -> {
                Span.current().setAttribute("person.id", root);
                return persons.clusterKeys(List.of(root)).flatMap(keys -> store.erase(keys.members(), now)
                        .flatMap(counts -> {
                            List<String> ids = keys.members().stream().sorted().toList();
                            AdminStore.Erasure erasure = new AdminStore.Erasure(root, ids, now, counts);
                            return store.audit(erasure, requestedBy, requestId)
                                    .flatMap(v -> store.recordOperation(requestId, "ERASE", root, null, now))
                                    .flatMap(v -> events.publish(new IdentityEvent.PersonErased(root, ids, now)))
                                    .replaceWith(new Done(new Result(root, ids, now, counts, false),
                                            CacheEvictions.of(keys.digests(), keys.members(), keys.vins())));
                        }));
            });
        });
    }
}
