package dev.chezhu.recommendation.domain;

import java.util.List;
import java.util.Map;

import dev.chezhu.recommendation.domain.model.ModelSnapshot;

/** What a replica serves from memory: the current model and the active catalogue. */
public record Serving(ModelSnapshot model, List<CatalogueItem> active, Map<String, CatalogueItem> byId,
        String catalogueVersion) {
}
