package dev.chezhu.identity.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Cache entries that a racing reader can never refill with stale data. Each entry {@code K} has a
 * generation counter {@code K:gen} (same hash slot). A reader notes the generation before reading
 * the database and fills the cache only if it is unchanged (one Lua script); a writer, after its
 * commit, bumps the generation and deletes the entry. So a read that saw the database before the
 * commit cannot overwrite the eviction that follows it.
 */
@ApplicationScoped
public class GuardedRedis {

    private static final String FILL_VALUE = """
            if (redis.call('GET', KEYS[2]) or '') == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[2]) return 1
            end
            return 0""";
    private static final String FILL_HASH = """
            if (redis.call('GET', KEYS[2]) or '') == ARGV[1] then
              redis.call('DEL', KEYS[1])
              redis.call('HSET', KEYS[1], unpack(ARGV, 3))
              redis.call('EXPIRE', KEYS[1], ARGV[2]) return 1
            end
            return 0""";
    private static final String EVICT = """
            redis.call('INCR', KEYS[2])
            redis.call('EXPIRE', KEYS[2], ARGV[1])
            redis.call('DEL', KEYS[1])
            return 1""";

    private final ReactiveRedisDataSource redis;

    public GuardedRedis(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    static String gen(String key) {
        return key + ":gen";
    }

    /** The entry's value and its generation, in one round trip (generation "" when never evicted). */
    public Uni<List<String>> valueAndGeneration(String key) {
        return redis.value(String.class).mget(key, gen(key)).map(m -> {
            List<String> result = new ArrayList<>(2);
            result.add(m.get(key));
            String g = m.get(gen(key));
            result.add(g == null ? "" : g);
            return result;
        });
    }

    public Uni<String> generation(String key) {
        return redis.value(String.class).get(gen(key)).map(g -> g == null ? "" : g);
    }

    public Uni<Void> fillValue(String key, String generation, String value, Duration ttl) {
        return redis.execute("EVAL", FILL_VALUE, "2", key, gen(key), generation, Long.toString(ttl.toSeconds()), value)
                .replaceWithVoid();
    }

    public Uni<Void> fillHash(String key, String generation, Map<String, String> fields, Duration ttl) {
        List<String> args = new ArrayList<>();
        args.add(FILL_HASH);
        args.add("2");
        args.add(key);
        args.add(gen(key));
        args.add(generation);
        args.add(Long.toString(ttl.toSeconds()));
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return redis.execute("EVAL", args.toArray(String[]::new)).replaceWithVoid();
    }

    /** Bumps the generation (kept twice the entry TTL) and deletes the entry. */
    public Uni<Void> evict(String key, Duration ttl) {
        return redis.execute("EVAL", EVICT, "2", key, gen(key), Long.toString(ttl.toSeconds() * 2)).replaceWithVoid();
    }

    public Uni<List<String>> hashFields(String key, String... fields) {
        return redis.hash(String.class).hmget(key, fields).map(m -> {
            List<String> values = new ArrayList<>(fields.length);
            for (String field : fields) {
                values.add(m.get(field));
            }
            return values;
        });
    }
}
