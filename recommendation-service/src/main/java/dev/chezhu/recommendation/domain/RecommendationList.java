package dev.chezhu.recommendation.domain;

import java.util.List;

/** A ranked answer and the model that produced it. */
public record RecommendationList(List<RankedItem> items, String modelVersion) {
}
