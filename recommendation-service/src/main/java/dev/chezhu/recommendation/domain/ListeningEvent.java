package dev.chezhu.recommendation.domain;

import java.time.Duration;
import java.time.Instant;

/** A stored listening event. */
public record ListeningEvent(String id, Listener listener, String itemId, EventType type, Duration listened,
        ListeningContext context, Instant eventTime) {
}
