package dev.chezhu.telematics.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.chezhu.telematics.domain.SignalReading;
import dev.chezhu.telematics.domain.VehicleSnapshot;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * The latest value of every signal per vehicle, in one Redis hash per vehicle
 * ({@code telematics:state:{vin}}: field = VSS path, value = {@link StateCodec} form). A value is
 * replaced only by a newer observation, decided inside Redis by a Lua script, so batches applied
 * concurrently or out of order leave the newest value whatever the order. The field
 * {@value #UPDATE_TIME_FIELD} holds when the state last changed. PostgreSQL stays the record: the
 * hash can be rebuilt from telemetry_datapoint.
 */
@ApplicationScoped
public class VehicleStateCache {

    static final String PREFIX = "telematics:state:";
    /** Not a VSS path (those never contain '@'), so it cannot collide with a signal. */
    static final String UPDATE_TIME_FIELD = "@update_time";

    /**
     * KEYS[1] the hash; ARGV[1] now (epoch µs); then triples of signal, observe time (epoch µs),
     * encoded value. Returns how many signals changed. Epoch microseconds stay below 2^53, so Lua's
     * numbers compare them exactly.
     */
    static final String APPLY_SCRIPT = """
            local changed = 0
            for i = 2, #ARGV, 3 do
              local current = redis.call('HGET', KEYS[1], ARGV[i])
              local newer = true
              if current then
                local bar = string.find(current, '|', 1, true)
                newer = tonumber(string.sub(current, 1, bar - 1)) < tonumber(ARGV[i + 1])
              end
              if newer then
                redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1] .. '|' .. ARGV[i + 2])
                changed = changed + 1
              end
            end
            if changed > 0 then
              redis.call('HSET', KEYS[1], '@update_time', ARGV[1])
            end
            return changed
            """;

    private static final Logger LOG = Logger.getLogger(VehicleStateCache.class);

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;

    public VehicleStateCache(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
    }

    static String key(String vin) {
        return PREFIX + vin;
    }

    /** Applies readings (at most one per signal) in one script call; returns how many signals changed. */
    public Uni<Integer> apply(String vin, Collection<SignalReading> readings, Instant now) {
        if (readings.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // EVAL rather than EVALSHA: Redis caches the compiled script by its SHA either way, and the
        // ~0.6 kB of script text is small next to a batch
        List<String> args = new ArrayList<>(4 + readings.size() * 3);
        args.add(APPLY_SCRIPT);
        args.add("1");
        args.add(key(vin));
        args.add(Long.toString(StateCodec.micros(now)));
        for (SignalReading reading : readings) {
            args.add(reading.signal());
            args.add(Long.toString(StateCodec.micros(reading.observedAt())));
            args.add(StateCodec.encodeValue(reading.value()));
        }
        return redis.execute("EVAL", args.toArray(String[]::new)).map(Response::toInteger);
    }

    /** The vehicle's state, or empty when the vehicle never sent a stored datapoint. */
    public Uni<Optional<VehicleSnapshot>> read(String vin) {
        return hashes.hgetall(key(vin)).map(fields -> {
            if (fields == null || fields.isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> sorted = new TreeMap<>(fields);
            String updated = sorted.remove(UPDATE_TIME_FIELD);
            List<SignalReading> signals = new ArrayList<>(sorted.size());
            sorted.forEach((signal, stored) -> {
                try {
                    signals.add(StateCodec.decode(signal, stored));
                } catch (RuntimeException e) {
                    // a field this version cannot read is skipped, not allowed to break the whole state
                    // (the message may quote the value, so only the kind of failure is logged)
                    LOG.warnf("Skipping an unreadable state field (%s)", e.getClass().getSimpleName());
                }
            });
            Instant updatedAt = updated != null ? StateCodec.instant(Long.parseLong(updated))
                    : signals.stream().map(SignalReading::observedAt).max(Instant::compareTo).orElse(Instant.EPOCH);
            return Optional.of(new VehicleSnapshot(vin, signals, updatedAt));
        });
    }
}
