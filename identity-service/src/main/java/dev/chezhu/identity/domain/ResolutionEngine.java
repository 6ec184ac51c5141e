package dev.chezhu.identity.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.chezhu.identity.domain.Resolution.GuardrailReport;
import dev.chezhu.identity.domain.Resolution.Outcome;
import dev.chezhu.identity.domain.Resolution.RefusedMerge;
import dev.chezhu.identity.domain.ResolutionPlanner.ClusterFacts;
import dev.chezhu.identity.domain.ResolutionPlanner.Owner;
import dev.chezhu.identity.domain.ResolutionPlanner.Plan;
import dev.chezhu.identity.domain.ResolutionPlanner.Refusal;

/**
 * Resolves observations one after the other against an in-memory working set (what the database
 * said about the identifiers involved and their persons, once locked), exactly as if each were its
 * own transaction: an observation sees the persons, merges and identifiers of those before it. It
 * records what to write, so a whole batch is written in one statement. Pure logic, no I/O.
 */
public final class ResolutionEngine {

    /** An earlier answer to a request_id: the person it resolves to now. */
    public record Earlier(String personId, String rootId, boolean erased, Outcome outcome, GuardrailReport report) {
    }

    /** What the database said, with everything involved locked. */
    public record Loaded(Map<IdentifierKey, String> ownerOf, Map<String, String> rootOf, Map<String, Instant> createdAt,
            Map<String, Map<String, Integer>> counts, Set<List<String>> doNotMerge, Set<String> quarantined,
            Map<String, Earlier> earlier) {
    }

    /** One observation's result; {@code refusal} set when nothing of it was written. */
    public record ItemResult(String requestId, String personAtTheTime, Outcome outcome, boolean replayed,
            GuardrailReport report, String refusal, List<String> merged) {
    }

    /** A trait, vehicle, interest, identifier or observation row to write. */
    public record IdentifierRow(String personId, IdentifierKey key, String source) {
    }

    public record TraitRow(String personId, String key, String value, String source, Instant observedAt) {
    }

    public record VehicleRow(String personId, String vin, VehicleLink.VehicleRole role, String source) {
    }

    public record InterestRow(String personId, String tag, String source, Instant observedAt) {
    }

    public record ObservationRow(String requestId, String source, String personId, Outcome outcome, GuardrailReport report) {
    }

    public record MergeRow(String survivorId, String mergedId, String requestId) {
    }

    public record RefusalRow(String keptPersonId, String refusedPersonId, GuardrailReason reason,
            IdentifierKind limitedKind, IdentifierKey via, int item) {
    }

    private final ResolutionPlanner planner;
    private final Instant now;
    private final Supplier<String> newIds;

    private final Map<IdentifierKey, String> ownerOf;
    private final Map<String, String> rootOf;
    private final Map<String, Set<String>> members = new HashMap<>();
    private final Map<String, Instant> createdAt;
    private final Map<String, Map<String, Integer>> counts;
    private final Set<List<String>> doNotMerge;
    private final Set<String> quarantined;
    private final Map<String, Earlier> earlier;
    private final Set<String> existingRoots;

    private final Map<String, ItemResult> resolvedInBatch = new HashMap<>();
    private final List<ItemResult> results = new ArrayList<>();
    private final Set<String> newPersons = new LinkedHashSet<>();
    private final List<MergeRow> merges = new ArrayList<>();
    private final List<IdentifierRow> identifiers = new ArrayList<>();
    private final Map<List<String>, TraitRow> traits = new LinkedHashMap<>();
    private final Set<VehicleRow> vehicles = new LinkedHashSet<>();
    /** Per VIN, what the observations reported about the vehicle, later ones on top. */
    private final Map<String, VehicleLink.Attributes> vehicleAttributes = new LinkedHashMap<>();
    private final Map<List<String>, InterestRow> interests = new LinkedHashMap<>();
    private final List<ObservationRow> observations = new ArrayList<>();
    private final List<RefusalRow> refusals = new ArrayList<>();
    private final Set<String> touched = new LinkedHashSet<>();
    private final Set<String> mergedTargets = new LinkedHashSet<>();

    public ResolutionEngine(ResolutionPlanner planner, Loaded loaded, Instant now, Supplier<String> newIds) {
        this.planner = planner;
        this.now = now;
        this.newIds = newIds;
        this.ownerOf = new HashMap<>(loaded.ownerOf());
        this.rootOf = new HashMap<>(loaded.rootOf());
        this.createdAt = new HashMap<>(loaded.createdAt());
        this.counts = new HashMap<>();
        loaded.counts().forEach((root, c) -> counts.put(root, new HashMap<>(c)));
        this.doNotMerge = loaded.doNotMerge();
        this.quarantined = loaded.quarantined();
        this.earlier = loaded.earlier();
        this.existingRoots = new HashSet<>(loaded.createdAt().keySet());
        rootOf.forEach((person, root) -> members.computeIfAbsent(root, r -> new LinkedHashSet<>()).add(person));
        existingRoots.forEach(root -> {
            rootOf.putIfAbsent(root, root);
            members.computeIfAbsent(root, r -> new LinkedHashSet<>()).add(root);
        });
    }

    /** A pre-refused observation (nothing but junk): reported, nothing written. */
    public void refuse(String requestId, String reason) {
        results.add(new ItemResult(requestId, null, null, false, GuardrailReport.NONE, reason, List.of()));
    }

    public void resolve(Observation observation) {
        String rid = observation.requestId();
        ItemResult earlierInBatch = resolvedInBatch.get(rid);
        if (earlierInBatch != null) {
            results.add(new ItemResult(rid, earlierInBatch.personAtTheTime(), earlierInBatch.outcome(), true,
                    earlierInBatch.report(), earlierInBatch.refusal(), List.of()));
            return;
        }
        Earlier stored = earlier.get(rid);
        if (stored != null) {
            ItemResult replay = stored.erased()
                    ? new ItemResult(rid, stored.personId(), null, true, GuardrailReport.NONE, "PERSON_ERASED", List.of())
                    : new ItemResult(rid, stored.rootId(), stored.outcome(), true, stored.report(), null, List.of());
            results.add(replay);
            resolvedInBatch.put(rid, replay);
            return;
        }

        Map<IdentifierKey, Owner> owners = new HashMap<>();
        for (IdentifierKey key : observation.identifiers()) {
            String origin = ownerOf.get(key);
            if (origin != null) {
                String root = root(origin);
                owners.put(key, new Owner(origin, root, createdAt.get(root)));
            }
        }
        Plan plan = planner.plan(observation, owners, quarantined, new ClusterFacts(counts, rootOf, doNotMerge));
        if (plan.nothingUsable()) {
            ItemResult refused = new ItemResult(rid, null, null, false,
                    new GuardrailReport(plan.ignored(), List.of(), List.of()), "ALL_IDENTIFIERS_QUARANTINED", List.of());
            results.add(refused);
            return;
        }

        String target = plan.survivor().orElseGet(() -> {
            String id = newIds.get();
            newPersons.add(id);
            rootOf.put(id, id);
            members.put(id, new LinkedHashSet<>(Set.of(id)));
            // persons created by one batch are as old as their first observation: one microsecond apart
            createdAt.put(id, now.plusNanos(1_000L * (newPersons.size() - 1)));
            counts.put(id, new HashMap<>());
            return id;
        });
        for (String merged : plan.merged()) {
            for (String member : members.remove(merged)) {
                rootOf.put(member, target);
                members.get(target).add(member);
            }
            counts.remove(merged).forEach((bucket, n) -> counts.get(target).merge(bucket, n, Integer::sum));
            createdAt.remove(merged);
            merges.add(new MergeRow(target, merged, rid));
        }
        if (!plan.merged().isEmpty()) {
            mergedTargets.add(target);
        }
        for (IdentifierKey key : plan.attach()) {
            ownerOf.put(key, target);
            counts.computeIfAbsent(target, t -> new HashMap<>()).merge(key.bucket(), 1, Integer::sum);
            identifiers.add(new IdentifierRow(target, key, observation.source()));
        }
        observation.traits().forEach((key, value) -> traits.merge(List.of(target, key, observation.source()),
                new TraitRow(target, key, value, observation.source(), observation.observedAt()),
                (a, b) -> b.observedAt().isBefore(a.observedAt()) ? a : b));
        observation.vehicles().forEach(v -> {
            vehicles.add(new VehicleRow(target, v.vin(), v.role(), observation.source()));
            if (!v.attributes().isEmpty()) {
                vehicleAttributes.merge(v.vin(), v.attributes(), VehicleLink.Attributes::overlay);
            }
        });
        observation.interests().forEach(tag -> interests.merge(List.of(target, tag, observation.source()),
                new InterestRow(target, tag, observation.source(), observation.observedAt()),
                (a, b) -> b.observedAt().isBefore(a.observedAt()) ? a : b));

        List<RefusedMerge> refused = new ArrayList<>();
        for (Refusal refusal : plan.refusals()) {
            List<Integer> indexes = new ArrayList<>();
            for (IdentifierKey via : refusal.via()) {
                refusals.add(new RefusalRow(target, refusal.rootId(), refusal.reason(), refusal.limitedKind(), via,
                        results.size()));
                indexes.add(observation.indexOf(via));
            }
            refused.add(new RefusedMerge(refusal.rootId(), refusal.reason(), refusal.limitedKind(), indexes));
        }
        GuardrailReport report = new GuardrailReport(plan.ignored(), refused, List.of());
        observations.add(new ObservationRow(rid, observation.source(), target, plan.outcome(), report));
        touched.add(target);
        ItemResult result = new ItemResult(rid, target, plan.outcome(), false, report, null, plan.merged());
        results.add(result);
        resolvedInBatch.put(rid, result);
    }

    /** The person a person ID resolves to now (itself when unknown to the working set). */
    public String root(String personId) {
        String root = rootOf.get(personId);
        return root == null ? personId : root;
    }

    public List<ItemResult> results() {
        return results;
    }

    /** A person the batch created: when, and the root it ended up in (itself unless merged later). */
    public record NewPerson(String id, Instant createdAt, String rootId) {
    }

    public List<NewPerson> newPersons() {
        List<NewPerson> rows = new ArrayList<>();
        int n = 0;
        for (String id : newPersons) {
            rows.add(new NewPerson(id, now.plusNanos(1_000L * n++), root(id)));
        }
        return rows;
    }

    /** Persons that were roots before the batch and were merged in it, with their final root. */
    public Map<String, String> mergedExistingRoots() {
        Map<String, String> rows = new LinkedHashMap<>();
        existingRoots.stream().sorted().forEach(r -> {
            if (!root(r).equals(r)) {
                rows.put(r, root(r));
            }
        });
        return rows;
    }

    /** Roots from before the batch that the batch touched and that are still roots. */
    public Set<String> touchedExistingRoots() {
        Set<String> roots = new LinkedHashSet<>();
        touched.forEach(t -> {
            String root = root(t);
            if (existingRoots.contains(root) && root(root).equals(root)) {
                roots.add(root);
            }
        });
        return roots;
    }

    /** The final roots of the persons that merges of this batch produced. */
    public Set<String> mergeSurvivors() {
        Set<String> roots = new LinkedHashSet<>();
        mergedTargets.forEach(t -> roots.add(root(t)));
        return roots;
    }

    /** Every member (final) of a root of the working set. */
    public Set<String> membersOf(String root) {
        return members.getOrDefault(root, Set.of(root));
    }

    public List<MergeRow> merges() {
        return merges;
    }

    public List<IdentifierRow> identifiers() {
        return identifiers;
    }

    public List<TraitRow> traits() {
        return List.copyOf(traits.values());
    }

    /** What the batch's observations reported about each vehicle (only VINs with something reported). */
    public Map<String, VehicleLink.Attributes> vehicleAttributes() {
        return Map.copyOf(vehicleAttributes);
    }

    public List<VehicleRow> vehicles() {
        return List.copyOf(vehicles);
    }

    public List<InterestRow> interests() {
        return List.copyOf(interests.values());
    }

    public List<ObservationRow> observations() {
        return observations;
    }

    public List<RefusalRow> refusals() {
        return refusals;
    }

    public boolean writesAnything() {
        return !observations.isEmpty();
    }
}
