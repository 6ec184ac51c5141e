package dev.chezhu.recommendation.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A validated event not yet stored. {@code fingerprint} digests what the client sent, so a resend
 * can be told from a different event under the same request_id.
 */
public record NewListeningEvent(String requestId, Listener listener, String itemId, EventType type,
        Duration listened, ListeningContext context, Instant eventTime, String fingerprint) {
}
