package dev.chezhu.recommendation.domain;

/**
 * The outcome of recording: the stored event, whether it was a resend, and whether it already
 * reached the Redis signals.
 */
public record Recorded(ListeningEvent event, boolean replayed, boolean projected) {
}
