package dev.chezhu.recommendation.domain;

import java.time.Duration;
import java.util.List;

/**
 * One item of the audio catalogue. {@code editorialRank} orders the catalogue for a cold platform;
 * null means the editors have not placed it (it comes after every ranked item).
 */
public record CatalogueItem(String id, String title, AudioKind kind, List<String> tags, String language,
        Duration duration, String provider, boolean explicit, boolean retired, Integer editorialRank) {

    public CatalogueItem {
        tags = List.copyOf(tags);
    }

    /** The editorial position for sorting: unranked items last. */
    public int editorialPosition() {
        return editorialRank == null ? Integer.MAX_VALUE : editorialRank;
    }
}
