package dev.chezhu.recommendation.domain;

/**
 * The outcome of recording: the stored event (as it was recorded), the item it is about, the
 * listener it counts for now (the survivor if the person was merged), whether it was a resend, and
 * whether it already reached the Redis signals.
 */
public record Recorded(ListeningEvent event, CatalogueItem item, Listener countsFor, boolean replayed,
        boolean projected) {
}
