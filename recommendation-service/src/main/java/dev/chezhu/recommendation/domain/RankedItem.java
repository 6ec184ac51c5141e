package dev.chezhu.recommendation.domain;

/**
 * One recommended item with its score, a stable reason code plus a short text for people, and the
 * item the reason refers to (BECAUSE_YOU_FINISHED), or null.
 */
public record RankedItem(CatalogueItem item, double score, String reasonCode, String reason, String becauseItemId) {

    public RankedItem(CatalogueItem item, double score, String reasonCode, String reason) {
        this(item, score, reasonCode, reason, null);
    }
}
