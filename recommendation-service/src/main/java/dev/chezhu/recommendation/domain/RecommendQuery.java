package dev.chezhu.recommendation.domain;

/** A validated recommendation request: what a {@link Ranker} answers. */
public record RecommendQuery(Listener listener, ListeningContext context, int count) {
}
