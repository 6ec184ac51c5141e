package dev.chezhu.recommendation.domain;

import static dev.chezhu.recommendation.domain.PopularityWeights.weight;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PopularityWeightsTest {

    @Test
    void finishingCountsMoreThanStartingAndLikingMost() {
        assertTrue(weight(EventType.COMPLETED) > weight(EventType.STARTED));
        assertTrue(weight(EventType.LIKED) > weight(EventType.COMPLETED));
        assertTrue(weight(EventType.STARTED) > 0);
    }

    @Test
    void skipsAndDislikesPushAnItemDown() {
        assertTrue(weight(EventType.SKIPPED) < 0);
        assertTrue(weight(EventType.DISLIKED) < weight(EventType.SKIPPED));
    }

    @Test
    void aListenIsJudgedByHowItEnded() {
        // a listen arrives as STARTED, then COMPLETED or SKIPPED
        assertTrue(weight(EventType.STARTED) + weight(EventType.SKIPPED) < 0, "started then skipped is net negative");
        assertTrue(weight(EventType.STARTED) + weight(EventType.COMPLETED) > weight(EventType.STARTED));
    }
}
