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
        return findEntity(itemId).flatMap(item -> item.isEmpty() ? Uni.createFrom().item(Optional.<CatalogueItem> empty())
                : withTags(List.of(item.get())).map(items -> Optional.of(items.get(0))));
    }

    public Uni<Optional<AudioItemEntity>> findEntity(String itemId) {
        return session().flatMap(s -> s.find(AudioItemEntity.class, itemId)).map(Optional::ofNullable);
    }

    /** The item a client created with this request_id, if any. */
    public Uni<Optional<AudioItemEntity>> findByCreateRequest(String ownerClient, String requestId) {
        return session().flatMap(s -> s
                .createSelectionQuery("from AudioItemEntity i where i.ownerClient = :owner and i.createRequestId = :rid",
                        AudioItemEntity.class)
                .setParameter("owner", ownerClient)
                .setParameter("rid", requestId)
                .getSingleResultOrNull())
                .map(Optional::ofNullable);
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

    /** The whole catalogue (retired too when asked), in editorial order. */
    public Uni<List<CatalogueItem>> all(boolean withRetired) {
        return session().flatMap(s -> s
                .createSelectionQuery("from AudioItemEntity i " + (withRetired ? "" : "where i.retired = false ")
                        + "order by i.editorialRank asc nulls last, i.id", AudioItemEntity.class)
                .getResultList())
                .flatMap(this::withTags);
    }

    /** One page of the catalogue in ID order, after {@code afterId} (exclusive). */
    public Uni<List<CatalogueItem>> page(String afterId, int limit, boolean withRetired, String provider) {
        StringBuilder hql = new StringBuilder("from AudioItemEntity i where i.id > :after");
        if (!withRetired) {
            hql.append(" and i.retired = false");
        }
        if (provider != null) {
            hql.append(" and i.provider = :provider");
        }
        hql.append(" order by i.id");
        return session().flatMap(s -> {
            var query = s.createSelectionQuery(hql.toString(), AudioItemEntity.class)
                    .setParameter("after", afterId == null ? "" : afterId)
                    .setMaxResults(limit);
            if (provider != null) {
                query.setParameter("provider", provider);
            }
            return query.getResultList();
        }).flatMap(this::withTags);
    }

    public Uni<AudioItemEntity> insert(AudioItemEntity item, List<String> tags) {
        return session().flatMap(s -> s.persist(item).call(s::flush)
                .call(() -> replaceTags(s, item.id, tags)))
                .replaceWith(item);
    }

    /** Replaces an item's tags (the entity itself is flushed by the transaction). */
    public Uni<Void> setTags(String itemId, List<String> tags) {
        return session().flatMap(s -> replaceTags(s, itemId, tags));
    }

    private static Uni<Void> replaceTags(Mutiny.Session s, String itemId, List<String> tags) {
        Uni<Integer> deleted = s.createMutationQuery("delete from AudioItemTagEntity t where t.itemId = :id")
                .setParameter("id", itemId).executeUpdate();
        return deleted.flatMap(n -> {
            if (tags.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<AudioItemTagEntity> rows = tags.stream().distinct().map(tag -> {
                AudioItemTagEntity row = new AudioItemTagEntity();
                row.itemId = itemId;
                row.tag = tag;
                return row;
            }).toList();
            return s.persistAll(rows.toArray()).call(s::flush);
        });
    }

    public Uni<List<CatalogueItem>> withTags(List<AudioItemEntity> items) {
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

    public static CatalogueItem toDomain(AudioItemEntity item, List<String> tags) {
        return new CatalogueItem(item.id, item.title, AudioKind.valueOf(item.kind), tags, item.language,
                Duration.ofSeconds(item.durationSeconds), item.provider, item.explicit, item.retired, item.editorialRank,
                item.createdAt, item.updatedAt, item.version, item.ownerClient);
    }
}
