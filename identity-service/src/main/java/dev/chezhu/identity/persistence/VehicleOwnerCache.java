package dev.chezhu.identity.persistence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * VIN → the root persons owning the vehicle, for consent checks by vehicle:
 * {@code identity:vehicle-owners:v1:{digest(VIN)}} → comma-separated person IDs ("-" for none).
 * Evicted when an owner link appears and on merge, unmerge and erasure; generation-guarded refills.
 */
@ApplicationScoped
public class VehicleOwnerCache {

    private static final String PREFIX = "identity:vehicle-owners:v1:{";
    private static final String NONE = "-";

    private final GuardedRedis redis;
    private final Duration ttl;

    public VehicleOwnerCache(GuardedRedis redis, @ConfigProperty(name = "chezhu.identity.consent-cache-ttl") Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    static String key(String vin) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("VIN|" + vin).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(hash, 0, 16) + "}";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cached owners, or the generation to fill with. */
    public record Entry(Optional<List<String>> owners, String generation) {
    }

    public Uni<Entry> get(String vin) {
        return redis.valueAndGeneration(key(vin)).map(v -> new Entry(Optional.ofNullable(v.get(0))
                .map(s -> NONE.equals(s) ? List.<String> of() : Arrays.asList(s.split(","))), v.get(1)));
    }

    public Uni<Void> fill(String vin, String generation, List<String> owners) {
        return redis.fillValue(key(vin), generation, owners.isEmpty() ? NONE : String.join(",", owners), ttl);
    }

    public Uni<Void> evict(Collection<String> vins) {
        if (vins.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(List.copyOf(vins))
                .onItem().transformToUniAndMerge(vin -> redis.evict(key(vin), ttl))
                .collect().last().replaceWithVoid();
    }
}
