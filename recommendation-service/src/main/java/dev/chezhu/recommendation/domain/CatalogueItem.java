package dev.chezhu.recommendation.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One item of the audio catalogue. {@code editorialRank} orders the catalogue for a cold platform;
 * null means the editors have not placed it (it comes after every ranked item). {@code ownerClient}
 * is the OAuth client of the content partner that created it (null for the launch catalogue).
 */
public record CatalogueItem(String id, String title, AudioKind kind, List<String> tags, String language,
        Duration duration, String provider, boolean explicit, boolean retired, Integer editorialRank,
        Instant createdAt, Instant updatedAt, long version, String ownerClient) {

    public CatalogueItem {
        tags = List.copyOf(tags);
    }

    /** An item as the model sees it (tests, evaluation): no management metadata. */
    public static CatalogueItem of(String id, String title, AudioKind kind, List<String> tags, Duration duration,
            Integer editorialRank, Instant createdAt) {
        return new CatalogueItem(id, title, kind, tags, "zh-CN", duration, "provider", false, false, editorialRank,
                createdAt, createdAt, 0, null);
    }

    /** The editorial position for sorting: unranked items last. */
    public int editorialPosition() {
        return editorialRank == null ? Integer.MAX_VALUE : editorialRank;
    }
}
