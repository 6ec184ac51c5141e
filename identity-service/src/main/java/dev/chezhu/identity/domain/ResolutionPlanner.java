package dev.chezhu.identity.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.chezhu.identity.domain.Resolution.Outcome;

/**
 * Decides, without I/O, what one observation does to the persons its identifiers point at. The
 * identifiers are considered strongest first (configured priority; at equal priority those that
 * already belong to someone, oldest person first). The first one sets the anchor; each further
 * person joins the group only if the merged person would stay within the per-type limits and no
 * unmerge separated them, otherwise the merge is refused and recorded. New identifiers are attached
 * while they fit the limits. The survivor of a merge is the oldest person of the group.
 */
public final class ResolutionPlanner {

    private final Guardrails guardrails;

    public ResolutionPlanner(Guardrails guardrails) {
        this.guardrails = guardrails;
    }

    /** The person an identifier belongs to, after merges. */
    public record Owner(String ownerId, String rootId, Instant rootCreatedAt) {
    }

    /** What the database knows about the clusters of the matched root persons. */
    public record ClusterFacts(Map<String, Map<String, Integer>> countsByRoot, Map<String, String> rootOfMember,
            Set<List<String>> doNotMerge) {

        public static final ClusterFacts NONE = new ClusterFacts(Map.of(), Map.of(), Set.of());

        Map<String, Integer> counts(String root) {
            return countsByRoot.getOrDefault(root, Map.of());
        }
    }

    /** A person the observation pointed at and that stays apart. */
    public record Refusal(String rootId, GuardrailReason reason, IdentifierKind limitedKind, List<IdentifierKey> via) {
    }

    /** The decision. {@code survivor} is empty when a new person is to be created. */
    public record Plan(Outcome outcome, Optional<String> survivor, List<String> merged, List<IdentifierKey> attach,
            List<Observation.Ignored> ignored, List<Refusal> refusals) {

        public boolean nothingUsable() {
            return survivor.isEmpty() && attach.isEmpty();
        }
    }

    public Plan plan(Observation observation, Map<IdentifierKey, Owner> owners, Set<String> quarantinedDigests,
            ClusterFacts facts) {
        List<Observation.Ignored> ignored = new ArrayList<>(observation.blocked());
        List<IdentifierKey> usable = new ArrayList<>();
        for (IdentifierKey key : observation.identifiers()) {
            if (quarantinedDigests.contains(key.digest())) {
                ignored.add(new Observation.Ignored(observation.indexOf(key), key.kind(), GuardrailReason.QUARANTINED));
            } else {
                usable.add(key);
            }
        }
        usable.sort(Comparator.comparingInt((IdentifierKey k) -> -guardrails.priority(k.kind()))
                .thenComparing(k -> owners.containsKey(k) ? 0 : 1)
                .thenComparing(k -> owners.containsKey(k) ? owners.get(k).rootCreatedAt() : Instant.MAX)
                .thenComparing(k -> owners.containsKey(k) ? owners.get(k).rootId() : "")
                .thenComparing(Comparator.naturalOrder()));

        Set<String> group = new LinkedHashSet<>();
        Map<String, Instant> createdAt = new HashMap<>();
        List<IdentifierKey> attach = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Refusal> refused = new LinkedHashMap<>();

        for (IdentifierKey key : usable) {
            Owner owner = owners.get(key);
            if (owner == null) {
                String bucket = key.bucket();
                if (counts.getOrDefault(bucket, 0) + 1 > guardrails.limit(key.kind())) {
                    ignored.add(new Observation.Ignored(observation.indexOf(key), key.kind(),
                            GuardrailReason.LIMIT_EXCEEDED));
                } else {
                    attach.add(key);
                    counts.merge(bucket, 1, Integer::sum);
                }
                continue;
            }
            String root = owner.rootId();
            if (group.contains(root)) {
                continue;
            }
            Refusal earlier = refused.get(root);
            if (earlier != null) {
                earlier.via().add(key);
                ignored.add(new Observation.Ignored(observation.indexOf(key), key.kind(),
                        GuardrailReason.BELONGS_TO_OTHER_PERSON));
                continue;
            }
            if (group.isEmpty() && attach.isEmpty()) {
                join(root, owner, group, createdAt, counts, facts);
                continue;
            }
            Optional<Refusal> refusal = conflict(root, group, counts, facts);
            if (refusal.isPresent()) {
                refusal.get().via().add(key);
                refused.put(root, refusal.get());
                ignored.add(new Observation.Ignored(observation.indexOf(key), key.kind(),
                        GuardrailReason.BELONGS_TO_OTHER_PERSON));
            } else {
                join(root, owner, group, createdAt, counts, facts);
            }
        }

        Optional<String> survivor = group.stream()
                .min(Comparator.comparing((String r) -> createdAt.get(r)).thenComparing(Comparator.naturalOrder()));
        List<String> merged = group.stream().filter(r -> !r.equals(survivor.orElse(null))).sorted().toList();
        Outcome outcome = group.isEmpty() ? Outcome.CREATED : group.size() == 1 ? Outcome.ATTACHED : Outcome.MERGED;
        ignored.sort(Comparator.comparingInt(Observation.Ignored::index));
        return new Plan(outcome, survivor, merged, List.copyOf(attach), List.copyOf(ignored),
                List.copyOf(refused.values()));
    }

    private static void join(String root, Owner owner, Set<String> group, Map<String, Instant> createdAt,
            Map<String, Integer> counts, ClusterFacts facts) {
        group.add(root);
        createdAt.put(root, owner.rootCreatedAt());
        facts.counts(root).forEach((bucket, n) -> counts.merge(bucket, n, Integer::sum));
    }

    /** Why {@code root} cannot join the group, if it cannot. */
    private Optional<Refusal> conflict(String root, Set<String> group, Map<String, Integer> counts, ClusterFacts facts) {
        for (List<String> pair : facts.doNotMerge()) {
            String a = facts.rootOfMember().getOrDefault(pair.get(0), pair.get(0));
            String b = facts.rootOfMember().getOrDefault(pair.get(1), pair.get(1));
            if ((a.equals(root) && group.contains(b)) || (b.equals(root) && group.contains(a))) {
                return Optional.of(new Refusal(root, GuardrailReason.DO_NOT_MERGE, null, new ArrayList<>()));
            }
        }
        IdentifierKind worst = null;
        for (var entry : facts.counts(root).entrySet()) {
            IdentifierKind kind = IdentifierKey.kindOfBucket(entry.getKey());
            if (counts.getOrDefault(entry.getKey(), 0) + entry.getValue() > guardrails.limit(kind)
                    && (worst == null || guardrails.priority(kind) > guardrails.priority(worst)
                            || guardrails.priority(kind) == guardrails.priority(worst) && kind.compareTo(worst) < 0)) {
                worst = kind;
            }
        }
        return worst == null ? Optional.empty()
                : Optional.of(new Refusal(root, GuardrailReason.LIMIT_EXCEEDED, worst, new ArrayList<>()));
    }
}
