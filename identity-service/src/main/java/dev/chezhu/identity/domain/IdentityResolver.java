package dev.chezhu.identity.domain;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.domain.Resolution.Outcome;
import dev.chezhu.identity.persistence.ObservationEntity;
import dev.chezhu.identity.persistence.PersonEntity;
import dev.chezhu.identity.persistence.PersonStore;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Deterministic identity resolution in one transaction: none matched → new person, one → attach,
 * several → merge into the oldest. Writers on the same identifier (or request_id) are serialised by
 * advisory locks taken in one global order, so racing observations never create two people and
 * racing merges never lose one.
 */
@ApplicationScoped
public class IdentityResolver {

    private final PersonStore store;
    private final ProfileAssembler profiles;
    private final Clock clock;

    public IdentityResolver(PersonStore store, ProfileAssembler profiles, Clock clock) {
        this.store = store;
        this.profiles = profiles;
        this.clock = clock;
    }

    @WithSpan("IdentityResolver.resolve")
    @WithTransaction
    public Uni<Resolution> resolve(Observation observation) {
        return store.lock("observation:" + observation.requestId())
                .flatMap(v -> store.findObservation(observation.requestId()))
                .flatMap(existing -> existing.isPresent() ? replay(existing.get()) : resolveNew(observation));
    }

    private Uni<Resolution> replay(ObservationEntity earlier) {
        return store.findRoot(earlier.personId)
                .flatMap(root -> profiles.load(root.orElseThrow()))
                .map(profile -> new Resolution(profile, Outcome.valueOf(earlier.outcome), true));
    }

    private Uni<Resolution> resolveNew(Observation observation) {
        var now = clock.instant();
        return Multi.createFrom().iterable(observation.identifiers())
                .onItem().transformToUniAndConcatenate(key -> store.lock("identifier:" + key.digest()))
                .collect().last()
                .flatMap(v -> store.findRootsOwning(observation.identifiers()))
                .flatMap(roots -> target(roots, observation, now))
                .flatMap(target -> store.addIdentifiers(target.person().id, observation.identifiers(),
                        observation.source(), now)
                        .flatMap(v -> store.upsertTraits(target.person().id, observation.traits(), observation.source(),
                                observation.observedAt()))
                        .flatMap(v -> store.linkVehicles(target.person().id, observation.vehicles(), now))
                        .flatMap(v -> store.touch(target.person(), now))
                        .flatMap(v -> store.recordObservation(observation.requestId(), observation.source(),
                                target.person().id, target.outcome().name(), now))
                        .flatMap(v -> profiles.load(target.person()))
                        .map(profile -> new Resolution(profile, target.outcome(), false)));
    }

    private record Target(PersonEntity person, Outcome outcome) {
    }

    private Uni<Target> target(List<PersonEntity> roots, Observation observation, java.time.Instant now) {
        if (roots.isEmpty()) {
            return store.createPerson(UUID.randomUUID().toString(), now).map(p -> new Target(p, Outcome.CREATED));
        }
        if (roots.size() == 1) {
            return Uni.createFrom().item(new Target(roots.get(0), Outcome.ATTACHED));
        }
        // roots are ordered oldest first: the oldest ID survives, so IDs other services hold stay valid.
        PersonEntity survivor = roots.get(0);
        return store.mergeInto(survivor, roots.subList(1, roots.size()), observation.requestId(), now)
                .replaceWith(new Target(survivor, Outcome.MERGED));
    }
}
