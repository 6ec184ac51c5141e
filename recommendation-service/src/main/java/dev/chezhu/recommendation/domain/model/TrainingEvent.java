package dev.chezhu.recommendation.domain.model;

import java.time.Duration;
import java.time.Instant;

import dev.chezhu.recommendation.domain.EventType;
import dev.chezhu.recommendation.domain.ListeningContext;

/** One event as the trainer and the evaluation see it: a listener key (person or vehicle), no names. */
public record TrainingEvent(String listener, String itemId, EventType type, Duration listened,
        ListeningContext context, Instant time) {
}
