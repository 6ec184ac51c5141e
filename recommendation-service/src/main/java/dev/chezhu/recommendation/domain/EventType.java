package dev.chezhu.recommendation.domain;

/** What a listener did with an item. */
public enum EventType {
    STARTED, SKIPPED, COMPLETED, LIKED, DISLIKED
}
