package dev.chezhu.identity.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.domain.Resolution.GuardrailReport;
import dev.chezhu.identity.domain.Resolution.Outcome;
import dev.chezhu.identity.domain.ResolutionEngine.ItemResult;
import dev.chezhu.identity.domain.ResolutionEngine.Loaded;
import dev.chezhu.identity.domain.ResolutionEngine.RefusalRow;
import dev.chezhu.identity.domain.ResolutionPlanner.ClusterFacts;
import dev.chezhu.identity.persistence.GuardrailJson;
import dev.chezhu.identity.persistence.PersonStore;
import dev.chezhu.identity.persistence.PersonStore.ClusterKeys;
import dev.chezhu.identity.persistence.PersonStore.OwnerLink;
import dev.chezhu.identity.persistence.PersonStore.Quarantined;
import dev.chezhu.identity.persistence.PersonStore.ResolutionState;
import dev.chezhu.identity.persistence.QuarantineRegistry;
import dev.chezhu.platform.error.ServiceException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Deterministic identity resolution in one transaction, for one observation or a batch: none
 * matched → new person, one → attach, several → merge into the oldest, within the guardrails. The
 * transaction first takes advisory locks on every request ID and identifier involved (one global
 * order, one statement) and reads what it needs; then locks the matched persons' rows (FOR UPDATE, in
 * ID order) and checks nobody changed them meanwhile (else it starts over); then resolves every
 * observation in order in memory ({@link ResolutionEngine}) and writes the outcome in one statement.
 * So racing observations never create two people and racing merges never lose one.
 */
@ApplicationScoped
public class IdentityResolver {

    /** One entry of a batch: an observation to resolve, or one validation already refused. */
    public record Item(String requestId, Observation observation, String refusal) {

        public static Item of(Observation observation) {
            return new Item(observation.requestId(), observation, null);
        }

        public static Item refused(String requestId, String reason) {
            return new Item(requestId, null, reason);
        }
    }

    /** A batch's results (final persons), and the cache entries its commit made stale. */
    public record BatchOutcome(List<BatchResult> results, CacheEvictions evictions) {
    }

    /** One observation's result as of the end of the batch. */
    public record BatchResult(String requestId, String personId, Outcome outcome, boolean replayed,
            GuardrailReport report, String refusal) {
    }

    private record Processed(ResolutionEngine engine, List<BatchResult> results, CacheEvictions evictions) {
    }

    private final PersonStore store;
    private final ProfileAssembler profiles;
    private final ResolutionPlanner planner;
    private final Guardrails guardrails;
    private final Lifecycles lifecycles;
    private final IdentityEvents events;
    private final QuarantineRegistry quarantine;
    private final Clock clock;

    public IdentityResolver(PersonStore store, ProfileAssembler profiles, ResolutionPlanner planner,
            Guardrails guardrails, Lifecycles lifecycles, IdentityEvents events, QuarantineRegistry quarantine,
            Clock clock) {
        this.quarantine = quarantine;
        this.store = store;
        this.profiles = profiles;
        this.planner = planner;
        this.guardrails = guardrails;
        this.lifecycles = lifecycles;
        this.events = events;
        this.clock = clock;
    }

    /** One observation, answered with the whole person. */
    @WithSpan("IdentityResolver.resolve")
    @WithTransaction
    public Uni<Resolution> resolve(Observation observation) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return process(List.of(Item.of(observation)), now).flatMap(processed -> {
            BatchResult result = processed.results().get(0);
            if ("PERSON_ERASED".equals(result.refusal())) {
                return Uni.createFrom().failure(ServiceException.notFound("PERSON_ERASED", "persons/" + result.personId()));
            }
            if (result.refusal() != null) {
                return Uni.createFrom().failure(ServiceException.failedPrecondition(result.refusal(),
                        "Every identifier of the observation is a quarantined shared identifier; nothing identifies a person"));
            }
            Span.current().setAttribute("person.id", result.personId()).setAttribute("resolution.outcome",
                    result.outcome().name());
            Uni<PersonProfile> profile = result.outcome() == Outcome.CREATED && !result.replayed()
                    && result.personId().equals(processed.engine().results().get(0).personAtTheTime())
                    ? Uni.createFrom().item(ProfileAssembler.created(result.personId(), observation,
                            processed.engine().identifiers().stream().map(ResolutionEngine.IdentifierRow::key).toList(), now))
                    : profiles.load(result.personId());
            return profile.map(p -> new Resolution(p, result.outcome(), result.replayed(), result.report(),
                    processed.evictions()));
        });
    }

    /** Many observations in one transaction, each resolved as if sent alone, in order. */
    @WithSpan("IdentityResolver.resolveBatch")
    @WithTransaction
    public Uni<BatchOutcome> resolveBatch(List<Item> items) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Span.current().setAttribute("batch.size", items.size());
        return process(items, now).map(p -> new BatchOutcome(p.results(), p.evictions()));
    }

    private Uni<Processed> process(List<Item> items, Instant now) {
        Set<String> requestIds = new TreeSet<>();
        Set<IdentifierKey> keys = new TreeSet<>();
        Set<String> knownQuarantined = new TreeSet<>();
        for (Item item : items) {
            if (item.observation() != null) {
                requestIds.add(item.requestId());
                for (IdentifierKey key : item.observation().identifiers()) {
                    // a known shared identifier is neither locked nor matched
                    if (quarantine.contains(key.digest())) {
                        knownQuarantined.add(key.digest());
                    } else {
                        keys.add(key);
                    }
                }
            }
        }
        if (requestIds.isEmpty()) {
            return Uni.createFrom().item(new Processed(null, items.stream().map(i -> new BatchResult(i.requestId(), null,
                    null, false, GuardrailReport.NONE, i.refusal())).toList(), CacheEvictions.NONE));
        }
        List<String> locks = new ArrayList<>();
        requestIds.forEach(rid -> locks.add("observation:" + rid));
        keys.forEach(key -> locks.add("identifier:" + key.digest()));
        return store.lockAndLoad(locks, requestIds, keys)
                .map(state -> {
                    quarantine.learn(state.quarantinedDigests());
                    Set<String> quarantined = new java.util.HashSet<>(state.quarantinedDigests());
                    quarantined.addAll(knownQuarantined);
                    return new ResolutionState(state.earlier(), state.owners(), quarantined);
                })
                .flatMap(state -> lockRoots(items, keys, state)
                .flatMap(loaded -> {
                    ResolutionEngine engine = new ResolutionEngine(planner, loaded, now, () -> UUID.randomUUID().toString());
                    for (Item item : items) {
                        if (item.observation() == null) {
                            engine.refuse(item.requestId(), item.refusal());
                        } else {
                            engine.resolve(item.observation());
                        }
                    }
                    return write(items, engine, now);
                }));
    }

    /** Locks the matched persons and reads their clusters; starts over if any changed meanwhile. */
    private Uni<Loaded> lockRoots(List<Item> items, Set<IdentifierKey> keys, ResolutionState state) {
        Map<String, String> rootOf = new HashMap<>();
        Map<String, Instant> createdAt = new HashMap<>();
        Set<String> roots = new TreeSet<>();
        boolean unowned = false;
        for (IdentifierKey key : keys) {
            if (state.quarantinedDigests().contains(key.digest())) {
                continue;
            }
            var owner = state.owners().get(key);
            if (owner == null) {
                unowned = true;
            } else {
                roots.add(owner.rootId());
                rootOf.put(owner.ownerId(), owner.rootId());
            }
        }
        Map<IdentifierKey, String> ownerOf = new HashMap<>();
        state.owners().forEach((key, owner) -> ownerOf.put(key, owner.ownerId()));
        Map<String, ResolutionEngine.Earlier> earlier = state.earlier();
        if (roots.isEmpty()) {
            return Uni.createFrom().item(new Loaded(ownerOf, rootOf, createdAt, Map.of(), Set.of(),
                    state.quarantinedDigests(), earlier));
        }
        boolean withFacts = items.size() > 1 || roots.size() > 1 || unowned;
        return store.lockRoots(roots, withFacts).map(locked -> {
            for (String root : roots) {
                var row = locked.persons().get(root);
                if (row == null || row.mergedInto() != null || row.erased()) {
                    throw new StaleClusterException("person changed before it could be locked");
                }
                createdAt.put(root, row.createdAt());
            }
            for (var owner : state.owners().values()) {
                if (roots.contains(owner.rootId()) && !owner.rootId().equals(locked.rootOfMember().get(owner.ownerId()))) {
                    throw new StaleClusterException("cluster changed before it could be locked");
                }
            }
            rootOf.putAll(locked.rootOfMember());
            ClusterFacts facts = locked.facts();
            return new Loaded(ownerOf, rootOf, createdAt, facts.countsByRoot(), facts.doNotMerge(),
                    state.quarantinedDigests(), earlier);
        });
    }

    private Uni<Processed> write(List<Item> items, ResolutionEngine engine, Instant now) {
        if (!engine.writesAnything()) {
            return Uni.createFrom().item(new Processed(engine, results(engine, Map.of()), CacheEvictions.NONE));
        }
        List<String> mergedExisting = List.copyOf(engine.mergedExistingRoots().keySet());
        Uni<ClusterKeys> mergedKeys = mergedExisting.isEmpty()
                ? Uni.createFrom().item(new ClusterKeys(List.of(), List.of(), List.of()))
                : store.clusterKeys(mergedExisting);
        return mergedKeys.flatMap(keys -> store.applyBatch(engine, now).flatMap(ownerLinks -> publishMerges(engine, now)
                .flatMap(v -> quarantine(items, engine, now))
                .flatMap(quarantine -> recomputeLifecycles(engine, ownerLinks, now).map(v -> {
                    Set<String> persons = new LinkedHashSet<>(keys.members());
                    engine.mergeSurvivors().forEach(root -> persons.addAll(engine.membersOf(root)));
                    List<String> vins = new ArrayList<>(keys.vins());
                    ownerLinks.forEach(link -> vins.add(link.vin()));
                    List<String> digests = new ArrayList<>(keys.digests());
                    digests.addAll(quarantine.digests());
                    return new Processed(engine, results(engine, quarantine.indexes()),
                            CacheEvictions.of(digests, persons, vins, quarantine.digests()));
                }))));
    }

    private static List<BatchResult> results(ResolutionEngine engine, Map<Integer, List<Integer>> quarantinedIndexes) {
        List<BatchResult> results = new ArrayList<>();
        List<ItemResult> items = engine.results();
        for (int i = 0; i < items.size(); i++) {
            ItemResult item = items.get(i);
            GuardrailReport report = item.report();
            List<Integer> quarantined = quarantinedIndexes.get(i);
            if (quarantined != null) {
                report = new GuardrailReport(report.ignored(), report.refusedMerges(), quarantined);
            }
            results.add(new BatchResult(item.requestId(), item.personAtTheTime() == null ? null
                    : engine.root(item.personAtTheTime()), item.outcome(), item.replayed(), report, item.refusal()));
        }
        return results;
    }

    private Uni<Void> publishMerges(ResolutionEngine engine, Instant now) {
        List<IdentityEvent> merges = new ArrayList<>();
        engine.results().stream().filter(item -> !item.merged().isEmpty()).forEach(item -> merges.add(
                new IdentityEvent.PersonMerged(item.personAtTheTime(), item.merged(), item.requestId(), now)));
        return events.publishAll(merges);
    }

    private Uni<Void> recomputeLifecycles(ResolutionEngine engine, List<OwnerLink> ownerLinks, Instant now) {
        Set<String> roots = new TreeSet<>(engine.mergeSurvivors());
        ownerLinks.forEach(link -> roots.add(engine.root(link.personId())));
        return lifecycles.recompute(roots, now).replaceWithVoid();
    }

    private record QuarantineResult(Map<Integer, List<Integer>> indexes, List<String> digests) {
    }

    /**
     * Counts the batch's refusals towards the shared-identifier threshold and quarantines what reached
     * it; each newly quarantined identifier is reported on the last observation that pointed at it.
     */
    private Uni<QuarantineResult> quarantine(List<Item> items, ResolutionEngine engine, Instant now) {
        if (engine.refusals().isEmpty()) {
            return Uni.createFrom().item(new QuarantineResult(Map.of(), List.of()));
        }
        Map<String, RefusalRow> lastByDigest = new HashMap<>();
        Map<String, IdentifierKey> keys = new HashMap<>();
        engine.refusals().forEach(r -> {
            lastByDigest.put(r.via().digest(), r);
            keys.put(r.via().digest(), r.via());
        });
        return store.quarantineShared(keys.values(), guardrails.quarantineAfterPersons(), now).flatMap(quarantined -> {
            if (quarantined.isEmpty()) {
                return Uni.createFrom().item(new QuarantineResult(Map.of(), List.of()));
            }
            Map<Integer, List<Integer>> indexes = new HashMap<>();
            Uni<Void> published = Uni.createFrom().voidItem();
            for (Quarantined q : quarantined) {
                RefusalRow refusal = lastByDigest.get(q.digest());
                Observation observation = items.get(refusal.item()).observation();
                indexes.computeIfAbsent(refusal.item(), i -> new ArrayList<>()).add(observation.indexOf(refusal.via()));
                published = published.flatMap(v -> events.publish(new IdentityEvent.IdentifierQuarantined(
                        refusal.via().kind(), refusal.via().scope(), engine.root(refusal.refusedPersonId()),
                        q.distinctPersons(), now)));
            }
            indexes.values().forEach(list -> list.sort(Integer::compareTo));
            for (var entry : indexes.entrySet()) {
                ItemResult item = engine.results().get(entry.getKey());
                GuardrailReport report = new GuardrailReport(item.report().ignored(), item.report().refusedMerges(),
                        entry.getValue());
                published = published.flatMap(v -> store.updateObservationGuardrails(item.requestId(),
                        GuardrailJson.encode(report)));
            }
            return published.replaceWith(new QuarantineResult(indexes,
                    quarantined.stream().map(Quarantined::digest).toList()));
        });
    }
}
