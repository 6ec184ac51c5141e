package dev.chezhu.identity.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.chezhu.identity.domain.Consent;
import dev.chezhu.identity.domain.ConsentPolicy;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A person's current consents in Redis: hash {@code identity:consent:v1:{personId}}, field
 * {@code PURPOSE|CHANNEL} → the latest record (state, times, source, deciding person), and field
 * {@code ~} → the root person the entry was read for (present = loaded, even with no record).
 * Keyed by every ID of a cluster, evicted for the whole cluster on every consent record, merge,
 * unmerge and erasure, with generation-guarded refills ({@link GuardedRedis}).
 */
@ApplicationScoped
public class ConsentCache {

    private static final String PREFIX = "identity:consent:v1:{";
    static final String LOADED = "~";

    private final GuardedRedis redis;
    private final Duration ttl;

    public ConsentCache(GuardedRedis redis, @ConfigProperty(name = "chezhu.identity.consent-cache-ttl") Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    static String key(String personId) {
        return PREFIX + personId + "}";
    }

    /** The cached latest entries for these fields, with the root ID; empty on a miss. */
    public record Cached(String rootId, Map<String, Consent.Entry> entries) {
    }

    public Uni<Optional<Cached>> get(String personId, List<String> fields) {
        String[] wanted = new String[fields.size() + 1];
        wanted[0] = LOADED;
        for (int i = 0; i < fields.size(); i++) {
            wanted[i + 1] = fields.get(i);
        }
        return redis.hashFields(key(personId), wanted).map(values -> {
            if (values.get(0) == null) {
                return Optional.empty();
            }
            Map<String, Consent.Entry> entries = new LinkedHashMap<>();
            for (int i = 1; i < values.size(); i++) {
                if (values.get(i) != null) {
                    entries.put(fields.get(i - 1), decode(fields.get(i - 1), values.get(i)));
                }
            }
            return Optional.of(new Cached(values.get(0), entries));
        });
    }

    public Uni<String> generation(String personId) {
        return redis.generation(key(personId));
    }

    public Uni<Void> fill(String personId, String generation, String rootId, Collection<Consent.Entry> latest) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(LOADED, rootId);
        latest.forEach(e -> fields.put(ConsentPolicy.field(e.purpose(), e.channel()), encode(e)));
        return redis.fillHash(key(personId), generation, fields, ttl);
    }

    public Uni<Void> evict(Collection<String> personIds) {
        if (personIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(List.copyOf(personIds))
                .onItem().transformToUniAndMerge(id -> redis.evict(key(id), ttl))
                .collect().last().replaceWithVoid();
    }

    static String encode(Consent.Entry e) {
        return e.state().name() + '|' + e.recordedAt().toEpochMilli() + '|'
                + (e.expiresAt() == null ? "" : Long.toString(e.expiresAt().toEpochMilli())) + '|' + e.source() + '|'
                + e.personId();
    }

    static Consent.Entry decode(String field, String value) {
        String[] f = field.split("\\|", -1);
        String[] v = value.split("\\|", -1);
        List<String> parts = new ArrayList<>(List.of(v));
        return new Consent.Entry(parts.get(4), Consent.Purpose.valueOf(f[0]), Consent.Channel.ofStored(f[1]),
                Consent.State.valueOf(parts.get(0)), parts.get(3), Instant.ofEpochMilli(Long.parseLong(parts.get(1))),
                parts.get(2).isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(parts.get(2))));
    }
}
