package dev.chezhu.recommendation.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.chezhu.recommendation.domain.AudioKind;
import dev.chezhu.recommendation.domain.CatalogueItem;
import dev.chezhu.recommendation.domain.EventType;
import dev.chezhu.recommendation.domain.ListeningContext;
import dev.chezhu.recommendation.domain.RankedItem;

/** The ranking rules as pure logic, on a small hand-made model. */
class ScorerTest {

    static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");
    static final Instant LAUNCH = NOW.minus(Duration.ofDays(90));
    static final ListeningContext ANY = ListeningContext.UNSPECIFIED;

    static CatalogueItem item(String id, AudioKind kind, int rank, Instant created, String... tags) {
        return CatalogueItem.of(id, "Title of " + id, kind, List.of(tags), Duration.ofMinutes(10), rank, created);
    }

    final List<CatalogueItem> catalogue = List.of(
            item("news-a", AudioKind.NEWS, 1, LAUNCH, "commute"),
            item("news-b", AudioKind.NEWS, 2, LAUNCH),
            item("news-c", AudioKind.NEWS, 3, LAUNCH),
            item("story-ep01", AudioKind.EPISODE, 4, LAUNCH),
            item("story-ep02", AudioKind.EPISODE, 5, LAUNCH),
            item("story-ep03", AudioKind.EPISODE, 6, LAUNCH),
            item("story-ep04", AudioKind.EPISODE, 7, LAUNCH),
            item("lesson-01", AudioKind.LANGUAGE_COURSE, 8, LAUNCH),
            item("music-a", AudioKind.MUSIC, 9, LAUNCH, "travel"),
            item("fresh", AudioKind.PROGRAMME, 10, NOW.minus(Duration.ofDays(2))));

    /** news-a, news-b, news-c are neighbours; the story episodes are neighbours. */
    ModelSnapshot model() {
        Map<String, Neighbours> neighbours = new HashMap<>();
        neighbours.put("news-a", new Neighbours(new String[] { "news-b", "news-c" }, new float[] { 0.9f, 0.6f }));
        neighbours.put("news-b", new Neighbours(new String[] { "news-a", "news-c" }, new float[] { 0.9f, 0.7f }));
        neighbours.put("story-ep01", new Neighbours(new String[] { "story-ep02", "story-ep03", "story-ep04" },
                new float[] { 0.9f, 0.9f, 0.9f }));
        Map<String, Double> popularity = Map.of("music-a", 1.0, "story-ep01", 0.9, "story-ep02", 0.85,
                "story-ep03", 0.8, "story-ep04", 0.75, "news-a", 0.5, "news-b", 0.4, "lesson-01", 0.3);
        return new ModelSnapshot("test", NOW, neighbours, popularity, Map.of(), Map.of("model:GL8",
                Map.of("lesson-01", 1.0)), Map.of("model:GL8", 100), Map.of("p:car|LANGUAGE_COURSE", 0.2),
                Map.of("p:car|LANGUAGE_COURSE", 0.3, "p:home|LANGUAGE_COURSE", 1.5), Map.of("music-a", 50));
    }

    static List<String> ids(List<RankedItem> ranked) {
        return ranked.stream().map(r -> r.item().id()).toList();
    }

    ListenerState personal(Map<String, Double> preferences) {
        return new ListenerState(preferences, Map.of(), Set.of(), Set.of(), List.of(), true);
    }

    @Test
    void withNoSignalsAtAllTheEditorsOrderStands() {
        List<RankedItem> ranked = new Scorer().rank(ModelSnapshot.empty(), catalogue, ListenerState.anonymous(Set.of(),
                Set.of()), ANY, 5, NOW);
        assertEquals(List.of("news-a", "news-b", "fresh", "news-c", "story-ep01"), ids(ranked));
        assertTrue(ranked.stream().filter(r -> !r.item().id().equals("fresh"))
                .allMatch(r -> r.reasonCode().equals(Reasons.EDITORS_PICK)));
    }

    @Test
    void aFinishedItemBringsItsNeighboursWithTheReason() {
        List<RankedItem> ranked = new Scorer().rank(model(), catalogue, personal(Map.of("news-a", 1.1)), ANY, 9, NOW);
        List<String> anonymous = ids(new Scorer().rank(model(), catalogue, ListenerState.anonymous(Set.of(), Set.of()),
                ANY, 9, NOW));
        RankedItem neighbour = ranked.stream().filter(r -> r.item().id().equals("news-b")).findFirst().orElseThrow();
        assertTrue(ids(ranked).indexOf("news-b") < anonymous.indexOf("news-b"), ids(ranked) + " vs " + anonymous);
        assertEquals(Reasons.BECAUSE_YOU_FINISHED, neighbour.reasonCode());
        assertEquals("news-a", neighbour.becauseItemId());
        assertEquals("Because you finished Title of news-a", neighbour.reason());
    }

    @Test
    void withoutConsentThePreferencesAndProfileAreNotUsed() {
        ListenerState state = new ListenerState(Map.of("news-a", 1.1), Map.of(), Set.of("news-a"), Set.of(),
                List.of("model:GL8"), true);
        List<String> personal = ids(new Scorer().rank(model(), catalogue, state, ANY, 5, NOW));
        List<String> anonymous = ids(new Scorer().rank(model(), catalogue, state.withoutPersonalisation(), ANY, 5, NOW));
        assertEquals("lesson-01", personal.get(0), "the profile's segment");
        assertEquals("music-a", anonymous.get(0), "popularity only");
        assertFalse(anonymous.contains("news-a"), "what was just played stays out either way");
    }

    @Test
    void aProfileSegmentServesWhatOwnersOfTheSameModelLike() {
        ListenerState cold = new ListenerState(Map.of(), Map.of(), Set.of(), Set.of(), List.of("model:GL8"), true);
        List<RankedItem> ranked = new Scorer().rank(model(), catalogue, cold, ANY, 3, NOW);
        assertEquals("lesson-01", ranked.get(0).item().id());
        assertEquals(Reasons.POPULAR_WITH_OWNERS, ranked.get(0).reasonCode());
        assertEquals("Popular with owners of your GL8", ranked.get(0).reason());
    }

    @Test
    void aSkipInThisDriveDropsTheItemAndDemotesItsNeighbours() {
        ListenerState state = personal(Map.of("news-a", 1.0));
        List<RankedItem> before = new Scorer().rank(model(), catalogue, state, ANY, 10, NOW);
        ListenerState skipped = new ListenerState(state.preferences(), Map.of(), Set.of(), Set.of("news-b"),
                List.of(), true);
        List<RankedItem> after = new Scorer().rank(model(), catalogue, skipped, ANY, 10, NOW);
        assertTrue(ids(before).contains("news-b"));
        assertFalse(ids(after).contains("news-b"));
        assertTrue(score(after, "news-c") < 0.5 * score(before, "news-c"), "news-c, a neighbour of the skip, demoted");
        assertEquals(score(before, "music-a"), score(after, "music-a"), 1e-9, "unrelated items keep their score");
    }

    static double score(List<RankedItem> ranked, String id) {
        return ranked.stream().filter(r -> r.item().id().equals(id)).findFirst().orElseThrow().score();
    }

    @Test
    void episodesOfOneSeriesDoNotFillTheList() {
        List<String> top = ids(new Scorer(Scorer.Options.DEFAULT.withFreshness(false)).rank(model(), catalogue,
                ListenerState.anonymous(Set.of(), Set.of()), ANY, 6, NOW));
        assertTrue(top.stream().filter(id -> id.startsWith("story-")).count() <= 2, top.toString());
        List<String> undiversified = ids(new Scorer(Scorer.Options.DEFAULT.withFreshness(false).withDiversity(false))
                .rank(model(), catalogue, ListenerState.anonymous(Set.of(), Set.of()), ANY, 6, NOW));
        assertEquals(4, undiversified.stream().filter(id -> id.startsWith("story-")).count(), undiversified.toString());
    }

    @Test
    void theContextMovesALanguageCourseBetweenHomeAndCar() {
        ListenerState cold = new ListenerState(Map.of(), Map.of(), Set.of(), Set.of(), List.of("model:GL8"), true);
        ListeningContext car = new ListeningContext(ListeningContext.Place.IN_CAR, ListeningContext.DayPart.MORNING,
                ListeningContext.DrivingState.CITY);
        ListeningContext home = new ListeningContext(ListeningContext.Place.AT_HOME, ListeningContext.DayPart.EVENING,
                ListeningContext.DrivingState.UNSPECIFIED);
        List<RankedItem> inCar = new Scorer().rank(model(), catalogue, cold, car, 10, NOW);
        List<RankedItem> atHome = new Scorer().rank(model(), catalogue, cold, home, 10, NOW);
        assertEquals("lesson-01", atHome.get(0).item().id());
        assertTrue(score(inCar, "lesson-01") < 0.3 * score(atHome, "lesson-01"));
    }

    @Test
    void aListenersOwnRecordInAPlaceOverridesTheCrowd() {
        Map<String, Double> skipsInCar = new HashMap<>();
        for (ListenerState.ContextUpdate update : ListenerState.contextUpdates(AudioKind.NEWS, Duration.ofMinutes(10),
                EventType.SKIPPED, Duration.ofSeconds(5), new ListeningContext(ListeningContext.Place.IN_CAR,
                        ListeningContext.DayPart.MORNING, ListeningContext.DrivingState.CITY))) {
            skipsInCar.merge(update.field(), update.increment() * 4, Double::sum);
        }
        ListenerState state = new ListenerState(Map.of("news-a", 1.0), skipsInCar, Set.of(), Set.of(), List.of(), true);
        ListeningContext car = new ListeningContext(ListeningContext.Place.IN_CAR, ListeningContext.DayPart.UNSPECIFIED,
                ListeningContext.DrivingState.CITY);
        List<String> inCar = ids(new Scorer().rank(model(), catalogue, state, car, 10, NOW));
        List<String> anywhere = ids(new Scorer().rank(model(), catalogue, state, ANY, 10, NOW));
        assertTrue(inCar.indexOf("news-b") > anywhere.indexOf("news-b"),
                "news skipped in the car ranks lower there: " + inCar + " vs " + anywhere);
    }

    @Test
    void newItemsGetTheThirdSlot() {
        List<RankedItem> ranked = new Scorer().rank(model(), catalogue, ListenerState.anonymous(Set.of(), Set.of()),
                ANY, 5, NOW);
        assertEquals("fresh", ranked.get(2).item().id());
        assertEquals(Reasons.NEW_IN_CATALOGUE, ranked.get(2).reasonCode());
        List<RankedItem> withoutFreshness = new Scorer(Scorer.Options.DEFAULT.withFreshness(false)).rank(model(),
                catalogue, ListenerState.anonymous(Set.of(), Set.of()), ANY, 5, NOW);
        assertFalse(ids(withoutFreshness).contains("fresh"));
    }

    @Test
    void retiredItemsNeverComeBackBecauseOnlyTheActiveCatalogueIsRanked() {
        List<CatalogueItem> active = new ArrayList<>(catalogue);
        active.removeIf(item -> item.id().equals("music-a"));
        assertFalse(ids(new Scorer().rank(model(), active, ListenerState.anonymous(Set.of(), Set.of()), ANY, 10, NOW))
                .contains("music-a"));
    }
}
