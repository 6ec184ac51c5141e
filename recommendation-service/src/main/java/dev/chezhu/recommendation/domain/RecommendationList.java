package dev.chezhu.recommendation.domain;

import java.util.List;

/** A ranked answer, the model that produced it, and whether the listener's own data was used. */
public record RecommendationList(List<RankedItem> items, String modelVersion, boolean personalised) {
}
