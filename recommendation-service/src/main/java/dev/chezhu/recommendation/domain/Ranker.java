package dev.chezhu.recommendation.domain;

import io.smallrye.mutiny.Uni;

/**
 * Ranks catalogue items for a listener in a context. Every implementation answers even for a
 * listener or a platform it knows nothing about, never returns a retired item nor more than
 * {@code query.count()} items, and names the model version that produced the answer, so that
 * answers can be attributed when models are compared.
 */
public interface Ranker {

    Uni<RecommendationList> rank(RecommendQuery query);
}
