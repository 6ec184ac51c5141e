package dev.chezhu.recommendation.domain;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Catalogue management requests as the client sent them (null = absent or unknown enum number). */
public final class CatalogueCommands {

    private CatalogueCommands() {
    }

    /** The item fields a client may set. {@code editorialRank} 0 = not placed. */
    public record ItemFields(String title, AudioKind kind, List<String> tags, String language, Duration duration,
            String provider, boolean explicit, int editorialRank) {
    }

    public record Create(String requestId, String itemId, boolean hasItem, ItemFields fields) {
    }

    public record Update(String name, boolean hasItem, ItemFields fields, Set<String> mask, String etag) {
    }

    public record ListPage(int pageSize, String pageToken, boolean showRetired, String provider) {
    }

    public record Page<T>(List<T> items, String nextPageToken) {
    }

    public record Created(CatalogueItem item, boolean replayed) {
    }
}
