package dev.chezhu.recommendation.domain;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.chezhu.recommendation.config.RecommendationConfig;
import dev.chezhu.recommendation.domain.model.ModelSnapshot;
import dev.chezhu.recommendation.persistence.CatalogueStore;
import dev.chezhu.recommendation.persistence.ModelStore;
import io.smallrye.mutiny.Uni;

/**
 * Holds the serving model and the active catalogue in memory, so that {@code Recommend} scores
 * without reading them. At most once per {@code serving-refresh} it asks Redis whether a newer model
 * was published or the catalogue changed (one MGET) and reloads only what changed; concurrent
 * requests share one reload. A replica that changes the catalogue or trains reloads at once.
 */
@ApplicationScoped
public class ServingModel {

    private static final Logger LOG = Logger.getLogger(ServingModel.class);

    private final ModelStore models;
    private final CatalogueStore catalogue;
    private final RecommendationConfig config;
    private final Clock clock;
    private volatile Serving serving;
    private volatile long checkedAt;
    private Uni<Serving> refreshing;

    public ServingModel(ModelStore models, CatalogueStore catalogue, RecommendationConfig config, Clock clock) {
        this.models = models;
        this.catalogue = catalogue;
        this.config = config;
        this.clock = clock;
    }

    public Uni<Serving> current() {
        Serving now = serving;
        if (now != null && clock.millis() - checkedAt < config.servingRefresh().toMillis()) {
            return Uni.createFrom().item(now);
        }
        return refresh();
    }

    /** The next request reloads from Redis and PostgreSQL. */
    public synchronized void invalidate() {
        checkedAt = 0;
        serving = null;
        refreshing = null;
    }

    private synchronized Uni<Serving> refresh() {
        if (refreshing == null) {
            refreshing = models.versions().flatMap(this::reload)
                    .onTermination().invoke(this::refreshed)
                    .memoize().indefinitely();
        }
        return refreshing;
    }

    private synchronized void refreshed() {
        refreshing = null;
    }

    private Uni<Serving> reload(List<String> versions) {
        String modelVersion = versions.get(0);
        String catalogueVersion = versions.get(1);
        Serving old = serving;
        Uni<ModelSnapshot> model = old != null && Objects.equals(old.model().version(), modelVersion)
                ? Uni.createFrom().item(old.model())
                : modelVersion == null ? Uni.createFrom().item(ModelSnapshot.empty())
                        : models.load(modelVersion).map(loaded -> loaded.orElseGet(() -> {
                            LOG.warnf("model %s is current but missing; serving without a model", modelVersion);
                            return ModelSnapshot.empty();
                        }));
        Uni<List<CatalogueItem>> active = old != null && old.catalogueVersion().equals(catalogueVersion)
                ? Uni.createFrom().item(old.active())
                : catalogue.all(false);
        return Uni.combine().all().unis(model, active).asTuple().map(t -> {
            Map<String, CatalogueItem> byId = new LinkedHashMap<>();
            t.getItem2().forEach(item -> byId.put(item.id(), item));
            Serving fresh = new Serving(t.getItem1(), List.copyOf(t.getItem2()), Map.copyOf(byId), catalogueVersion);
            serving = fresh;
            checkedAt = clock.millis();
            return fresh;
        });
    }
}
