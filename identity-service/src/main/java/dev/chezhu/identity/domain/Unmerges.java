package dev.chezhu.identity.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.persistence.AdminStore;
import dev.chezhu.identity.persistence.CacheInvalidation;
import dev.chezhu.identity.persistence.PersonStore;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Splits a wrong merge: the named person and everyone merged into it (the active merges below it in
 * the merge tree) resolve to it again, with every identifier, trait, consent and vehicle they
 * brought (rows never left their origin person). The merge is marked undone, a do-not-merge pair
 * keeps the next observation from joining them again, caches are evicted and PersonUnmerged is
 * published.
 */
@ApplicationScoped
public class Unmerges {

    public record Result(PersonProfile restored, PersonProfile formerSurvivor, List<String> restoredIds,
            boolean replayed) {
    }

    private record Done(Result result, CacheEvictions evictions) {
    }

    private final PersonStore persons;
    private final AdminStore store;
    private final ProfileAssembler profiles;
    private final Lifecycles lifecycles;
    private final IdentityEvents events;
    private final CacheInvalidation invalidation;
    private final Clock clock;

    public Unmerges(PersonStore persons, AdminStore store, ProfileAssembler profiles, Lifecycles lifecycles,
            IdentityEvents events, CacheInvalidation invalidation, Clock clock) {
        this.persons = persons;
        this.store = store;
        this.profiles = profiles;
        this.lifecycles = lifecycles;
        this.events = events;
        this.invalidation = invalidation;
        this.clock = clock;
    }

    @WithSpan("Unmerges.unmerge")
    public Uni<Result> unmerge(String requestId, String personId) {
        Violations violations = new Violations();
        violations.require(requestId != null && ObservationValidator.REQUEST_ID.matcher(requestId).matches(), "request_id",
                "required: 1-128 printable ASCII characters");
        if (!violations.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalidArgument("INVALID_UNMERGE", violations.list()));
        }
        return Retries.onConflict(() -> unmergeInTransaction(requestId, personId))
                .call(done -> invalidation.evict(done.evictions()))
                .map(Done::result);
    }

    @WithTransaction
    Uni<Done> unmergeInTransaction(String requestId, String personId) {
        Instant now = clock.instant();
        return store.operation(requestId).flatMap(earlier -> {
            if (earlier.isPresent()) {
                if (!earlier.get().kind().equals("UNMERGE")) {
                    throw ServiceException.failedPrecondition("REQUEST_ID_REUSED", "request_id was used by another operation");
                }
                return replay(earlier.get());
            }
            return persons.findPerson(personId).flatMap(found -> {
                var person = found.orElseThrow(() -> ServiceException.notFound("PERSON_NOT_FOUND", "persons/" + personId));
                if (person.erased()) {
                    throw ServiceException.notFound("PERSON_ERASED", "persons/" + personId);
                }
                if (person.mergedInto() == null) {
                    throw ServiceException.failedPrecondition("PERSON_NOT_MERGED",
                            "persons/" + personId + " is not merged into another person");
                }
                String root = person.mergedInto();
                Span.current().setAttribute("person.id", personId).setAttribute("survivor.id", root);
                return persons.lockPersons(List.of(personId, root)).flatMap(rows -> {
                    var x = rows.get(personId);
                    var t = rows.get(root);
                    if (x == null || t == null || !root.equals(x.mergedInto()) || t.mergedInto() != null || t.erased()) {
                        throw new StaleClusterException("merge changed before it could be locked");
                    }
                    return persons.clusterKeys(List.of(root)).flatMap(keys -> store.unmerge(personId, root, requestId, now)
                            .flatMap(unmerged -> store.recordOperation(requestId, "UNMERGE", personId, root, now)
                                    .flatMap(v -> events.publish(new IdentityEvent.PersonUnmerged(personId, root,
                                            unmerged.restoredIds(), requestId, now)))
                                    .flatMap(v -> lifecycles.recompute(personId, now))
                                    .flatMap(v -> lifecycles.recompute(root, now))
                                    .flatMap(v -> profiles.load(personId))
                                    .flatMap(restored -> profiles.load(root).map(survivor -> new Done(
                                            new Result(restored, survivor, unmerged.restoredIds(), false),
                                            CacheEvictions.of(keys.digests(), keys.members(), keys.vins()))))));
                });
            });
        });
    }

    private Uni<Done> replay(AdminStore.Operation earlier) {
        return rootOf(earlier.personId()).flatMap(restoredRoot -> rootOf(earlier.otherPersonId())
                .flatMap(survivorRoot -> profiles.load(restoredRoot).flatMap(restored -> profiles.load(survivorRoot)
                        .map(survivor -> new Done(new Result(restored, survivor,
                                restored.mergedPersonIds().isEmpty() ? List.of(restored.id())
                                        : concat(restored.id(), restored.mergedPersonIds()), true),
                                CacheEvictions.NONE)))));
    }

    private static List<String> concat(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).sorted().toList();
    }

    private Uni<String> rootOf(String personId) {
        return persons.findPerson(personId).map(found -> {
            var person = found.orElseThrow(() -> ServiceException.notFound("PERSON_NOT_FOUND", "persons/" + personId));
            if (person.erased()) {
                throw ServiceException.notFound("PERSON_ERASED", "persons/" + personId);
            }
            return person.mergedInto() == null ? person.id() : person.mergedInto();
        });
    }
}
