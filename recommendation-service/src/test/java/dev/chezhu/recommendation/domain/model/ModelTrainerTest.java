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

import org.junit.jupiter.api.Test;

import dev.chezhu.recommendation.domain.AudioKind;
import dev.chezhu.recommendation.domain.CatalogueItem;
import dev.chezhu.recommendation.domain.EventType;
import dev.chezhu.recommendation.domain.ListeningContext;

class ModelTrainerTest {

    static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");
    static final ListeningContext CAR = new ListeningContext(ListeningContext.Place.IN_CAR,
            ListeningContext.DayPart.MORNING, ListeningContext.DrivingState.CITY);
    static final ListeningContext HOME = new ListeningContext(ListeningContext.Place.AT_HOME,
            ListeningContext.DayPart.EVENING, ListeningContext.DrivingState.UNSPECIFIED);

    final Map<String, CatalogueItem> catalogue = new HashMap<>();

    ModelTrainerTest() {
        for (String id : List.of("a", "b", "c", "d")) {
            catalogue.put(id, CatalogueItem.of(id, id, AudioKind.NEWS, List.of(), Duration.ofMinutes(10), null,
                    NOW.minus(Duration.ofDays(100))));
        }
        catalogue.put("course", CatalogueItem.of("course", "course", AudioKind.LANGUAGE_COURSE, List.of(),
                Duration.ofMinutes(15), null, NOW.minus(Duration.ofDays(100))));
    }

    static TrainingEvent event(String listener, String item, EventType type, ListeningContext context) {
        return new TrainingEvent(listener, item, type, type == EventType.SKIPPED ? Duration.ofSeconds(5)
                : Duration.ofMinutes(10), context, NOW.minus(Duration.ofDays(1)));
    }

    @Test
    void itemsLikedByTheSameListenersBecomeNeighboursAndUnknownItemsAreIgnored() {
        List<TrainingEvent> events = new ArrayList<>();
        for (int u = 0; u < 5; u++) {
            events.add(event("u" + u, "a", EventType.COMPLETED, CAR));
            events.add(event("u" + u, "b", EventType.COMPLETED, CAR));
            events.add(event("u" + u, "no-such-item", EventType.COMPLETED, CAR));
        }
        events.add(event("v", "c", EventType.COMPLETED, CAR));
        events.add(event("v", "d", EventType.SKIPPED, CAR));

        ModelSnapshot model = new ModelTrainer().train("v1", NOW, events, catalogue, Map.of("u0", List.of("model:X")));

        assertEquals("b", model.neighboursOf("a").items()[0]);
        assertTrue(model.neighboursOf("a").similarityTo("b") > 0.1);
        assertEquals(0, model.neighboursOf("a").similarityTo("c"));
        assertFalse(model.neighbours().containsKey("no-such-item"));
        assertFalse(model.popularity().containsKey("no-such-item"));
        assertEquals(1.0, model.popularity().get("a"));
        assertTrue(model.popularity().get("d") < 0, "turned away from: negative popularity");
        assertEquals(1, model.segmentSupport().get("model:X"));
        assertEquals(1.0, model.segmentScores().get("model:X").get("a"));
    }

    @Test
    void contextLiftsFollowWhereKindsEndWell() {
        List<TrainingEvent> events = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            events.add(event("u" + u, "course", EventType.COMPLETED, HOME));
            events.add(event("u" + u, "course", EventType.SKIPPED, CAR));
        }
        ModelSnapshot model = new ModelTrainer().train("v1", NOW, events, catalogue, Map.of());
        assertTrue(model.contextLifts().get("p:home|LANGUAGE_COURSE") > 1.3);
        assertTrue(model.contextLifts().get("p:car|LANGUAGE_COURSE") < 0.7);
    }

    @Test
    void aModelSurvivesTheTripThroughRedisBytes() {
        List<TrainingEvent> events = new ArrayList<>();
        for (int u = 0; u < 3; u++) {
            events.add(event("u" + u, "a", EventType.COMPLETED, CAR));
            events.add(event("u" + u, "b", EventType.LIKED, HOME));
        }
        ModelSnapshot model = new ModelTrainer().train("v1", NOW, events, catalogue, Map.of("u1", List.of("tag:x")));
        ModelSnapshot decoded = ModelCodec.decode(ModelCodec.encode(model));
        assertEquals(model.version(), decoded.version());
        assertEquals(model.trainedAt(), decoded.trainedAt());
        assertEquals(model.popularity(), decoded.popularity());
        assertEquals(model.segmentScores(), decoded.segmentScores());
        assertEquals(model.contextLifts(), decoded.contextLifts());
        assertEquals(model.itemSupport(), decoded.itemSupport());
        assertEquals(List.of(model.neighboursOf("a").items()), List.of(decoded.neighboursOf("a").items()));
    }

    @Test
    void implicitFeedbackWeighsCompletesSkipsAndListenRatioDifferently() {
        Duration item = Duration.ofMinutes(10);
        assertEquals(1.0, ImplicitFeedback.preference(EventType.COMPLETED, item, item));
        assertTrue(ImplicitFeedback.preference(EventType.SKIPPED, Duration.ofSeconds(10), item) < -0.9);
        assertTrue(ImplicitFeedback.preference(EventType.SKIPPED, Duration.ofMinutes(9), item) > 0,
                "skipped near the end: almost a completion");
        assertTrue(ImplicitFeedback.preference(EventType.LIKED, item, item) > 1.0);
        assertTrue(ImplicitFeedback.preference(EventType.DISLIKED, item, item) < -1.0);
        assertEquals(-1, ImplicitFeedback.outcome(EventType.STARTED, Duration.ZERO, item));
        assertEquals("commuter-english", Series.of("commuter-english-02"));
        assertEquals("silk-road-travelogue", Series.of("silk-road-travelogue-ep01"));
    }
}
