package dev.chezhu.identity.domain;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.persistence.LookupCache;
import dev.chezhu.identity.persistence.PersonStore;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The identity use cases: identify from an observation, read a person, look one up by identifier. */
@ApplicationScoped
public class Identities {

    private final ObservationValidator validator;
    private final IdentifierNormalizer normalizer;
    private final IdentityResolver resolver;
    private final ProfileAssembler profiles;
    private final PersonStore store;
    private final LookupCache cache;

    public Identities(ObservationValidator validator, IdentifierNormalizer normalizer, IdentityResolver resolver,
            ProfileAssembler profiles, PersonStore store, LookupCache cache) {
        this.validator = validator;
        this.normalizer = normalizer;
        this.resolver = resolver;
        this.profiles = profiles;
        this.store = store;
        this.cache = cache;
    }

    /** Validates everything before any write, resolves, and evicts cache entries a merge made stale. */
    public Uni<Resolution> identify(IdentifyCommand command) {
        return Uni.createFrom().item(() -> validator.validate(command))
                .flatMap(resolver::resolve)
                .call(resolution -> resolution.outcome() == Resolution.Outcome.MERGED && !resolution.replayed()
                        ? cache.evict(resolution.person().identifiers().stream()
                                .map(PersonProfile.KnownIdentifier::key).toList())
                        : Uni.createFrom().voidItem());
    }

    /** The person behind an ID; an ID merged into another answers with the survivor. */
    @WithSpan("Identities.get")
    @WithSession
    public Uni<PersonProfile> get(@SpanAttribute("person.id") String personId) {
        return store.findRoot(personId).flatMap(root -> root.isPresent() ? profiles.load(root.get())
                : Uni.createFrom().failure(ServiceException.notFound("PERSON_NOT_FOUND", "persons/" + personId)));
    }

    /** Resolves one identifier to a person ID, from Redis when it can. */
    @WithSpan("Identities.lookup")
    public Uni<String> lookup(RawIdentifier identifier) {
        Violations violations = new Violations();
        Optional<IdentifierKey> key = normalizer.normalize(identifier, "identifier", violations);
        if (key.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalidArgument("INVALID_IDENTIFIER", violations.list()));
        }
        return cache.get(key.get()).flatMap(hit -> hit.isPresent() ? Uni.createFrom().item(hit.get())
                : lookupInDatabase(key.get()).call(personId -> cache.put(key.get(), personId)));
    }

    @WithSession
    public Uni<String> lookupInDatabase(IdentifierKey key) {
        return store.findRootIdOf(key).map(found -> found.orElseThrow(
                () -> ServiceException.notFound("IDENTIFIER_NOT_FOUND", "identifiers/" + key.kind().name().toLowerCase())));
    }
}
