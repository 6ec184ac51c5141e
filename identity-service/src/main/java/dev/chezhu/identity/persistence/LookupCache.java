package dev.chezhu.identity.persistence;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.chezhu.identity.domain.IdentifierKey;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * identifier → person ID in Redis, for the resolve-by-identifier hot path. Keys hold a digest of the
 * identifier ({@code identity:lookup:v2:{digest}}), never the phone or e-mail itself. Entries are
 * evicted after every commit that changes whom an identifier resolves to (merge, unmerge, erase,
 * quarantine), and refills are guarded by a generation counter ({@link GuardedRedis}); the TTL only
 * bounds what an eviction lost to a Redis outage could leave.
 */
@ApplicationScoped
public class LookupCache {

    private static final String PREFIX = "identity:lookup:v2:{";

    private final GuardedRedis redis;
    private final Duration ttl;

    public LookupCache(GuardedRedis redis, @ConfigProperty(name = "chezhu.identity.lookup-cache-ttl") Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    static String key(String digest) {
        return PREFIX + digest + "}";
    }

    /** A cached person ID, or the generation to fill the entry with after reading the database. */
    public record Entry(Optional<String> personId, String generation) {
    }

    public Uni<Entry> get(IdentifierKey key) {
        return redis.valueAndGeneration(key(key.digest()))
                .map(v -> new Entry(Optional.ofNullable(v.get(0)), v.get(1)));
    }

    public Uni<Void> fill(IdentifierKey key, String generation, String personId) {
        return redis.fillValue(key(key.digest()), generation, personId, ttl);
    }

    public Uni<Void> evict(Collection<String> digests) {
        if (digests.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(List.copyOf(digests))
                .onItem().transformToUniAndMerge(d -> redis.evict(key(d), ttl))
                .collect().last().replaceWithVoid();
    }
}
