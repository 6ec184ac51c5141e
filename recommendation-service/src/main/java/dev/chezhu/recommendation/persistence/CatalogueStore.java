package dev.chezhu.recommendation.persistence;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.chezhu.recommendation.domain.AudioKind;
import dev.chezhu.recommendation.domain.CatalogueItem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The audio catalogue in PostgreSQL. Joins the caller's session or transaction when there is one. */
@ApplicationScoped
@WithSession
public class CatalogueStore {

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** The item, retired or not. */
    public Uni<Optional<CatalogueItem>> find(String itemId) {
        return session().flatMap(s -> s.find(AudioItemEntity.class, itemId))
                .flatMap(item -> item == null ? Uni.createFrom().item(Optional.<CatalogueItem> empty())
                        : withTags(List.of(item)).map(items -> Optional.of(items.get(0))));
    }

    /** The items among {@code ids} that are not retired, keyed by ID; unknown IDs are left out. */
    public Uni<Map<String, CatalogueItem>> findActive(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return session().flatMap(s -> s
                .createSelectionQuery("from AudioItemEntity i where i.id in :ids and i.retired = false",
                        AudioItemEntity.class)
                .setParameter("ids", ids)
                .getResultList())
                .flatMap(this::withTags)
                .map(items -> {
                    Map<String, CatalogueItem> byId = new LinkedHashMap<>();
                    items.forEach(item -> byId.put(item.id(), item));
                    return byId;
                });
    }

    /** The first {@code limit} items that are not retired, in editorial order (unranked last). */
    public Uni<List<CatalogueItem>> editorialOrder(int limit) {
        return session().flatMap(s -> s
                .createSelectionQuery("from AudioItemEntity i where i.retired = false "
                        + "order by i.editorialRank asc nulls last, i.id", AudioItemEntity.class)
                .setMaxResults(limit)
                .getResultList())
                .flatMap(this::withTags);
    }

    private Uni<List<CatalogueItem>> withTags(List<AudioItemEntity> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = items.stream().map(i -> i.id).toList();
        return session().flatMap(s -> s
                .createSelectionQuery("from AudioItemTagEntity t where t.itemId in :ids", AudioItemTagEntity.class)
                .setParameter("ids", ids)
                .getResultList())
                .map(tags -> {
                    Map<String, TreeSet<String>> byItem = new TreeMap<>();
                    tags.forEach(t -> byItem.computeIfAbsent(t.itemId, k -> new TreeSet<>()).add(t.tag));
                    return items.stream().map(i -> toDomain(i, List.copyOf(byItem.getOrDefault(i.id, new TreeSet<>()))))
                            .toList();
                });
    }

    private static CatalogueItem toDomain(AudioItemEntity item, List<String> tags) {
        return new CatalogueItem(item.id, item.title, AudioKind.valueOf(item.kind), tags, item.language,
                Duration.ofSeconds(item.durationSeconds), item.provider, item.explicit, item.retired, item.editorialRank);
    }
}
