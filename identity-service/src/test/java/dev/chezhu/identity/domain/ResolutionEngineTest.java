package dev.chezhu.identity.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.domain.Resolution.Outcome;
import dev.chezhu.identity.domain.ResolutionEngine.Loaded;

class ResolutionEngineTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final ResolutionPlanner planner = new ResolutionPlanner(TestGuardrails.defaults());

    private static IdentifierKey phone(String v) {
        return new IdentifierKey(IdentifierKind.PHONE, "", v);
    }

    private static IdentifierKey app(String v) {
        return new IdentifierKey(IdentifierKind.APP_ACCOUNT, "", v);
    }

    private static Observation observation(String rid, IdentifierKey... keys) {
        Map<IdentifierKey, Integer> indexes = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            indexes.put(keys[i], i);
        }
        return new Observation(rid, "app", new TreeSet<>(List.of(keys)), Map.of("given_name", rid), List.of(), NOW,
                List.of(), indexes, List.of());
    }

    private ResolutionEngine engine(Loaded loaded) {
        AtomicInteger ids = new AtomicInteger();
        return new ResolutionEngine(planner, loaded, NOW, () -> "new-" + ids.incrementAndGet());
    }

    @Test
    void laterObservationsSeeEarlierOnesAndTheFirstCreatedSurvives() {
        ResolutionEngine engine = engine(new Loaded(Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), Set.of(), Map.of()));
        engine.resolve(observation("r1", phone("p")));
        engine.resolve(observation("r2", phone("q")));
        engine.resolve(observation("r3", phone("p"), phone("q")));
        engine.resolve(observation("r1", phone("p")));
        assertEquals(List.of(Outcome.CREATED, Outcome.CREATED, Outcome.MERGED, Outcome.CREATED),
                engine.results().stream().map(ResolutionEngine.ItemResult::outcome).toList());
        assertTrue(engine.results().get(3).replayed());
        assertEquals("new-1", engine.root("new-2"));
        assertEquals(2, engine.newPersons().size());
        assertEquals("new-1", engine.newPersons().get(1).rootId(), "the second person is written merged");
        assertTrue(engine.mergedExistingRoots().isEmpty());
        assertEquals(3, engine.observations().size());
        assertEquals(2, engine.traits().size(), "one trait row per person, key and source: the later one wins");
        assertEquals("r3", engine.traits().stream().filter(t -> t.personId().equals("new-1")).findFirst().orElseThrow()
                .value());
    }

    @Test
    void anExistingPersonMergedInTheBatchTakesItsMembersAlong() {
        Loaded loaded = new Loaded(Map.of(phone("p"), "old", app("a"), "young-member"),
                Map.of("old", "old", "young", "young", "young-member", "young"),
                Map.of("old", NOW.minusSeconds(100), "young", NOW.minusSeconds(50)),
                Map.of("old", Map.of("PHONE", 1), "young", Map.of("APP_ACCOUNT", 1)), Set.of(), Set.of(), Map.of());
        ResolutionEngine engine = engine(loaded);
        engine.resolve(observation("r1", phone("p"), app("a")));
        assertEquals(Outcome.MERGED, engine.results().get(0).outcome());
        assertEquals(Map.of("young", "old"), engine.mergedExistingRoots());
        assertEquals("old", engine.root("young-member"));
        assertEquals(Set.of("old"), engine.touchedExistingRoots());
        assertEquals(Set.of("old", "young", "young-member"), engine.membersOf("old"));
    }
}
