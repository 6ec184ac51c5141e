package dev.chezhu.identity.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.persistence.CacheInvalidation;
import dev.chezhu.identity.persistence.LookupCache;
import dev.chezhu.identity.persistence.PersonStore;
import dev.chezhu.identity.persistence.QuarantineRegistry;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The identity use cases: identify from an observation, read a person, look one up by identifier. */
@ApplicationScoped
public class Identities {

    /** What a head unit may resolve: what a car itself knows about its driver, never a phone or e-mail. */
    static final Set<IdentifierKind> HEAD_UNIT_LOOKUPS = Set.of(IdentifierKind.HEAD_UNIT_DEVICE,
            IdentifierKind.APP_ACCOUNT, IdentifierKind.FACE_TOKEN);

    private final ObservationValidator validator;
    private final IdentifierNormalizer normalizer;
    private final Guardrails guardrails;
    private final IdentityResolver resolver;
    private final ProfileAssembler profiles;
    private final PersonStore store;
    private final LookupCache cache;
    private final CacheInvalidation invalidation;
    private final PersonLocks locks;
    private final QuarantineRegistry quarantine;

    public Identities(ObservationValidator validator, IdentifierNormalizer normalizer, Guardrails guardrails,
            IdentityResolver resolver, ProfileAssembler profiles, PersonStore store, LookupCache cache,
            CacheInvalidation invalidation, PersonLocks locks, QuarantineRegistry quarantine) {
        this.quarantine = quarantine;
        this.locks = locks;
        this.validator = validator;
        this.normalizer = normalizer;
        this.guardrails = guardrails;
        this.resolver = resolver;
        this.profiles = profiles;
        this.store = store;
        this.cache = cache;
        this.invalidation = invalidation;
    }

    /**
     * Validates everything before any write, resolves in one transaction (run again if it lost a
     * race), and evicts after the commit the cache entries the resolution made stale.
     */
    public Uni<Resolution> identify(IdentifyCommand command) {
        return Uni.createFrom().item(() -> validator.validate(command))
                .flatMap(observation -> Retries.onConflict(() -> resolver.resolve(observation)))
                .invoke(resolution -> quarantine.learn(resolution.evictions().quarantinedDigests()))
                .call(resolution -> invalidation.evict(resolution.evictions()));
    }

    /** How many observations one batch may carry. */
    public static final int MAX_BATCH = 500;

    /**
     * Many observations in one transaction. Every observation is validated first: a malformed one
     * refuses the whole batch (violations named {@code requests[i].…}, nothing written); one of
     * nothing but junk is refused in its own result. Then each is resolved in order.
     */
    public Uni<IdentityResolver.BatchOutcome> identifyBatch(List<IdentifyCommand> commands) {
        return Uni.createFrom().item(() -> {
            Violations violations = new Violations();
            if (commands.isEmpty() || commands.size() > MAX_BATCH) {
                violations.add("requests", "1 to " + MAX_BATCH + " observations per batch, got " + commands.size());
                violations.throwIfAny("INVALID_BATCH");
            }
            List<IdentityResolver.Item> items = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                try {
                    items.add(IdentityResolver.Item.of(validator.validate(commands.get(i))));
                } catch (ServiceException e) {
                    if (e.reason().equals("ALL_IDENTIFIERS_BLOCKED")) {
                        items.add(IdentityResolver.Item.refused(commands.get(i).requestId(), e.reason()));
                    } else {
                        String prefix = "requests[" + i + "].";
                        e.violations().forEach(v -> violations.add(prefix + v.field(), v.description()));
                    }
                }
            }
            violations.throwIfAny("INVALID_OBSERVATION");
            return items;
        }).flatMap(items -> Retries.onConflict(() -> resolver.resolveBatch(items)))
                .invoke(outcome -> quarantine.learn(outcome.evictions().quarantinedDigests()))
                .call(outcome -> invalidation.evict(outcome.evictions()));
    }

    /** The person behind an ID; an ID merged into another answers with the survivor. */
    @WithSpan("Identities.get")
    @WithSession
    public Uni<PersonProfile> get(@SpanAttribute("person.id") String personId) {
        return locks.rootOf(personId).flatMap(profiles::load);
    }


    /**
     * Resolves one identifier to a person ID, from Redis when it can. Junk and quarantined
     * identifiers resolve to nobody. A head unit may only resolve what a car knows (device, app
     * account, face token).
     */
    @WithSpan("Identities.lookup")
    public Uni<String> lookup(RawIdentifier identifier, Caller caller) {
        Violations violations = new Violations();
        Optional<IdentifierKey> normalised = normalizer.normalize(identifier, "identifier", violations);
        if (normalised.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalidArgument("INVALID_IDENTIFIER", violations.list()));
        }
        IdentifierKey key = normalised.get();
        if (caller.isHeadUnit() && !HEAD_UNIT_LOOKUPS.contains(key.kind())) {
            return Uni.createFrom().failure(ServiceException.permissionDenied("IDENTIFIER_TYPE_NOT_ALLOWED",
                    "A head unit may look up device, app account and face token identifiers only"));
        }
        if (guardrails.isJunk(key)) {
            return Uni.createFrom().failure(notFound("IDENTIFIER_BLOCKED", key));
        }
        return cache.get(key).flatMap(entry -> entry.personId().isPresent()
                ? Uni.createFrom().item(entry.personId().get())
                : lookupInDatabase(key).call(personId -> cache.fill(key, entry.generation(), personId)));
    }

    @WithSession
    public Uni<String> lookupInDatabase(IdentifierKey key) {
        return store.lookup(key).map(row -> {
            if (row.quarantined()) {
                throw notFound("IDENTIFIER_QUARANTINED", key);
            }
            if (row.rootId() == null) {
                throw notFound("IDENTIFIER_NOT_FOUND", key);
            }
            return row.rootId();
        });
    }

    private static ServiceException notFound(String reason, IdentifierKey key) {
        return ServiceException.notFound(reason, "identifiers/" + key.kind().name().toLowerCase());
    }
}
