package dev.chezhu.recommendation.domain;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Ranks catalogue items for a listener in a context. Every implementation answers even for a
 * listener or a platform it knows nothing about, never returns a retired item nor more than
 * {@code query.count()} items, and names itself by a model version that changes whenever its
 * behaviour does, so that answers can be attributed when models are compared.
 */
public interface Ranker {

    String modelVersion();

    Uni<List<RankedItem>> rank(RecommendQuery query);
}
