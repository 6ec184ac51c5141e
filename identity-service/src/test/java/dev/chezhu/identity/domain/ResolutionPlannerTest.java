package dev.chezhu.identity.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.domain.Resolution.Outcome;
import dev.chezhu.identity.domain.ResolutionPlanner.ClusterFacts;
import dev.chezhu.identity.domain.ResolutionPlanner.Owner;
import dev.chezhu.identity.domain.ResolutionPlanner.Plan;

class ResolutionPlannerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ResolutionPlanner planner = new ResolutionPlanner(TestGuardrails.defaults());

    private static IdentifierKey key(IdentifierKind kind, String value) {
        return new IdentifierKey(kind, kind.scoped() ? "S" : "", value);
    }

    private static Observation observation(IdentifierKey... keys) {
        Map<IdentifierKey, Integer> indexes = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            indexes.put(keys[i], i);
        }
        return new Observation("r", "app", new TreeSet<>(List.of(keys)), Map.of(), List.of(), T0, List.of(), indexes,
                List.of());
    }

    private static Owner owner(String root, int ageRank) {
        return new Owner(root, root, T0.plusSeconds(ageRank));
    }

    private static Map<String, Integer> counts(Object... bucketAndCount) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < bucketAndCount.length; i += 2) {
            counts.put((String) bucketAndCount[i], (Integer) bucketAndCount[i + 1]);
        }
        return counts;
    }

    @Test
    void nothingKnownCreatesAPersonWithEverything() {
        IdentifierKey phone = key(IdentifierKind.PHONE, "+8613912345678");
        Plan plan = planner.plan(observation(phone), Map.of(), Set.of(), ClusterFacts.NONE);
        assertEquals(Outcome.CREATED, plan.outcome());
        assertEquals(List.of(phone), plan.attach());
    }

    @Test
    void compatiblePersonsMergeIntoTheOldest() {
        IdentifierKey phone = key(IdentifierKind.PHONE, "p");
        IdentifierKey app = key(IdentifierKind.APP_ACCOUNT, "a");
        Plan plan = planner.plan(observation(phone, app), Map.of(phone, owner("old", 1), app, owner("young", 2)),
                Set.of(), new ClusterFacts(Map.of("old", counts("PHONE", 1), "young", counts("APP_ACCOUNT", 1)),
                        Map.of("old", "old", "young", "young"), Set.of()));
        assertEquals(Outcome.MERGED, plan.outcome());
        assertEquals("old", plan.survivor().orElseThrow());
        assertEquals(List.of("young"), plan.merged());
    }

    @Test
    void aNewStrongIdentifierThatConflictsWithTheMatchedPersonMakesANewPerson() {
        IdentifierKey desk = key(IdentifierKind.PHONE, "desk");
        IdentifierKey crm = key(IdentifierKind.DEALER_CRM_ID, "c2");
        Plan plan = planner.plan(observation(desk, crm), Map.of(desk, owner("c1", 1)), Set.of(),
                new ClusterFacts(Map.of("c1", counts("PHONE", 1, "DEALER_CRM_ID|S", 1)), Map.of("c1", "c1"), Set.of()));
        assertEquals(Outcome.CREATED, plan.outcome());
        assertEquals(List.of(crm), plan.attach());
        assertEquals(1, plan.refusals().size());
        assertEquals(GuardrailReason.LIMIT_EXCEEDED, plan.refusals().get(0).reason());
        assertEquals(IdentifierKind.DEALER_CRM_ID, plan.refusals().get(0).limitedKind());
        assertEquals(List.of(desk), plan.refusals().get(0).via());
    }

    @Test
    void theStrongestMatchWinsAndAConflictingNewIdentifierIsDropped() {
        IdentifierKey licence = key(IdentifierKind.DRIVING_LICENCE, "L");
        IdentifierKey app = key(IdentifierKind.APP_ACCOUNT, "new");
        Plan plan = planner.plan(observation(app, licence), Map.of(licence, owner("p", 1)), Set.of(),
                new ClusterFacts(Map.of("p", counts("DRIVING_LICENCE", 1, "APP_ACCOUNT", 1)), Map.of("p", "p"), Set.of()));
        assertEquals(Outcome.ATTACHED, plan.outcome());
        assertTrue(plan.attach().isEmpty());
        assertEquals(GuardrailReason.LIMIT_EXCEEDED, plan.ignored().get(0).reason());
        assertEquals(0, plan.ignored().get(0).index());
    }

    @Test
    void aPhoneBeyondTheLimitIsDroppedButThePersonIsStillFound() {
        IdentifierKey known = key(IdentifierKind.PHONE, "p1");
        IdentifierKey fourth = key(IdentifierKind.PHONE, "p4");
        Plan plan = planner.plan(observation(known, fourth), Map.of(known, owner("p", 1)), Set.of(),
                new ClusterFacts(Map.of("p", counts("PHONE", 3)), Map.of("p", "p"), Set.of()));
        assertEquals(Outcome.ATTACHED, plan.outcome());
        assertEquals("p", plan.survivor().orElseThrow());
        assertEquals(GuardrailReason.LIMIT_EXCEEDED, plan.ignored().get(0).reason());
    }

    @Test
    void doNotMergePairsKeepUnmergedClustersApartThroughTheirMembers() {
        IdentifierKey phone = key(IdentifierKind.PHONE, "p");
        IdentifierKey email = key(IdentifierKind.EMAIL, "e");
        Plan plan = planner.plan(observation(phone, email), Map.of(phone, owner("a", 1), email, owner("b", 2)), Set.of(),
                new ClusterFacts(Map.of("a", counts("PHONE", 1), "b", counts("EMAIL", 1)),
                        Map.of("a", "a", "b", "b", "b-member", "b"), Set.of(List.of("a", "b-member"))));
        assertEquals(Outcome.ATTACHED, plan.outcome());
        assertEquals("a", plan.survivor().orElseThrow());
        assertEquals(GuardrailReason.DO_NOT_MERGE, plan.refusals().get(0).reason());
    }

    @Test
    void quarantinedIdentifiersPointAtNobody() {
        IdentifierKey desk = key(IdentifierKind.PHONE, "desk");
        IdentifierKey email = key(IdentifierKind.EMAIL, "e");
        Plan plan = planner.plan(observation(desk, email), Map.of(desk, owner("c1", 1)), Set.of(desk.digest()),
                ClusterFacts.NONE);
        assertEquals(Outcome.CREATED, plan.outcome());
        assertEquals(List.of(email), plan.attach());
        assertEquals(GuardrailReason.QUARANTINED, plan.ignored().get(0).reason());
        assertTrue(planner.plan(observation(desk), Map.of(desk, owner("c1", 1)), Set.of(desk.digest()),
                ClusterFacts.NONE).nothingUsable());
    }
}
