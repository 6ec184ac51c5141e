package dev.chezhu.recommendation.persistence;

import java.util.Collection;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * Merged person IDs and their survivor in Redis ({@value #ALIAS}{@code {person_id}}), so that a
 * request for a merged ID is answered for the survivor without a database read. PostgreSQL's
 * {@code person_alias} is the source of truth; this is its read copy.
 */
@ApplicationScoped
public class PersonAliases {

    public static final String ALIAS = ListeningSignals.PREFIX + "alias:";

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, String> values;

    public PersonAliases(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.values = redis.value(String.class, String.class);
    }

    public Uni<Optional<String>> survivorOf(String personId) {
        return values.get(ALIAS + personId).map(Optional::ofNullable);
    }

    public Uni<Void> point(Collection<String> merged, String survivor) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String id : merged) {
            all = all.call(() -> values.set(ALIAS + id, survivor));
        }
        return all;
    }

    public Uni<Void> remove(Collection<String> personIds) {
        return personIds.isEmpty() ? Uni.createFrom().voidItem()
                : redis.key().del(personIds.stream().map(id -> ALIAS + id).toArray(String[]::new)).replaceWithVoid();
    }
}
