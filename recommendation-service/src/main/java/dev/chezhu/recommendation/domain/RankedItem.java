package dev.chezhu.recommendation.domain;

/** One recommended item with its score and a stable reason code plus a short text for people. */
public record RankedItem(CatalogueItem item, double score, String reasonCode, String reason) {
}
