package dev.chezhu.identity.persistence;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.chezhu.identity.domain.IdentifierKey;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * identifier → person ID in Redis, for the resolve-by-identifier hot path. Keys hold a digest of the
 * identifier, never the phone or e-mail itself. Entries are evicted whenever a merge changes whom an
 * identifier resolves to; the TTL bounds any entry a race could leave stale.
 */
@ApplicationScoped
public class LookupCache {

    private static final String PREFIX = "identity:lookup:v1:";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final Duration ttl;

    public LookupCache(ReactiveRedisDataSource redis,
            @ConfigProperty(name = "chezhu.identity.lookup-cache-ttl") Duration ttl) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.ttl = ttl;
    }

    public Uni<Optional<String>> get(IdentifierKey key) {
        return values.get(PREFIX + key.digest()).map(Optional::ofNullable);
    }

    public Uni<Void> put(IdentifierKey key, String personId) {
        return values.setex(PREFIX + key.digest(), ttl.toSeconds(), personId);
    }

    public Uni<Void> evict(Collection<IdentifierKey> identifiers) {
        if (identifiers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return keys.del(identifiers.stream().map(k -> PREFIX + k.digest()).toArray(String[]::new)).replaceWithVoid();
    }
}
