package dev.chezhu.telematics.persistence;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;

/**
 * The alert rules' per-vehicle state ({@code telematics:alerts:{vin}}, a hash: field = condition,
 * value = phase|since|last observe time|value, see AlertRules). One read and at most one write per
 * batch that carries a rule signal.
 */
@ApplicationScoped
public class AlertStateCache {

    static final String PREFIX = "telematics:alerts:";

    private final ReactiveHashCommands<String, String, String> hashes;

    public AlertStateCache(ReactiveRedisDataSource redis) {
        this.hashes = redis.hash(String.class);
    }

    public static String key(String vin) {
        return PREFIX + vin;
    }

    public Uni<Map<String, String>> read(String vin) {
        return hashes.hgetall(key(vin)).map(fields -> fields == null ? Map.of() : fields);
    }

    public Uni<Void> write(String vin, Map<String, String> changed) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return hashes.hset(key(vin), changed).replaceWithVoid();
    }
}
