package dev.chezhu.recommendation.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.recommendation.config.RecommendationConfig;
import dev.chezhu.recommendation.domain.model.ListenerState;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.list.ReactiveListCommands;
import io.quarkus.redis.datasource.sortedset.ReactiveSortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * The listening signals the ranker reads at request time, in Redis, derived from the events in
 * PostgreSQL (and rebuilt from them after a merge): per listener key ({@code person:{id}} or
 * {@code vehicle:{vin}})
 * <ul>
 * <li>{@value #RECENT}{@code {key}} — the last distinct items played, newest first (list);</li>
 * <li>{@value #TASTE}{@code {key}} — item → summed implicit preference (hash): personal history;</li>
 * <li>{@value #CONTEXT}{@code {key}} — context cell → plays ended / ended well (hash);</li>
 * <li>{@value #DRIVE}{@code {key}} — items skipped in the current drive → when (hash, short TTL);</li>
 * </ul>
 * and {@value #POPULARITY}, the all-time popularity board. Keys hold item IDs, person IDs and VINs only.
 */
@ApplicationScoped
public class ListeningSignals {

    public static final String PREFIX = "recommendation:";
    public static final String POPULARITY = PREFIX + "popularity";
    public static final String RECENT = PREFIX + "recent:";
    public static final String TASTE = PREFIX + "taste:";
    public static final String CONTEXT = PREFIX + "ctx:";
    public static final String DRIVE = PREFIX + "drive:";
    public static final String APPLIED = PREFIX + "applied:";

    /**
     * Applies one event atomically and at most once: the guard key records that the event was
     * applied, so a projection retried after a failure (or raced by a resend) does not count twice.
     * KEYS: guard, popularity, then per listener: recent, taste, context, drive.
     * ARGV: 1 guard TTL s, 2 popularity weight, 3 item, 4 recent cap, 5 recent TTL s, 6 preference,
     * 7 context count field, 8 its increment, 9 context positive field, 10 its increment, 11 drive skip
     * (1/0), 12 drive TTL s, 13 history TTL s, 14 event time ms.
     */
    static final String APPLY_EVENT = """
            if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[1])) then
              return 0
            end
            redis.call('ZINCRBY', KEYS[2], ARGV[2], ARGV[3])
            for i = 3, #KEYS, 4 do
              redis.call('LREM', KEYS[i], 0, ARGV[3])
              redis.call('LPUSH', KEYS[i], ARGV[3])
              redis.call('LTRIM', KEYS[i], 0, tonumber(ARGV[4]) - 1)
              redis.call('EXPIRE', KEYS[i], tonumber(ARGV[5]))
              redis.call('HINCRBYFLOAT', KEYS[i + 1], ARGV[3], ARGV[6])
              redis.call('EXPIRE', KEYS[i + 1], tonumber(ARGV[13]))
              if ARGV[7] ~= '' then
                redis.call('HINCRBYFLOAT', KEYS[i + 2], ARGV[7], ARGV[8])
                redis.call('HINCRBYFLOAT', KEYS[i + 2], ARGV[9], ARGV[10])
                redis.call('EXPIRE', KEYS[i + 2], tonumber(ARGV[13]))
              end
              if ARGV[11] == '1' then
                redis.call('HSET', KEYS[i + 3], ARGV[3], ARGV[14])
                redis.call('EXPIRE', KEYS[i + 3], tonumber(ARGV[12]))
              end
            end
            return 1
            """;

    /** What one event changes in the signals. */
    public record Projection(String eventId, String itemId, double popularityWeight, List<String> listenerKeys,
            double preference, List<ListenerState.ContextUpdate> contextUpdates, boolean driveSkip, long eventTimeMs) {
    }

    /**
     * The raw signals of one listener, as read; {@code survivor} is set when the person asked about
     * was merged into another (the signals are then to be read for the survivor).
     */
    public record Raw(Set<String> recent, Set<String> driveSkips, Map<String, Double> preferences,
            Map<String, Double> contextCounts, String survivor) {
    }

    private final ReactiveRedisDataSource redis;
    private final ReactiveSortedSetCommands<String, String> sortedSets;
    private final ReactiveListCommands<String, String> lists;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final RecommendationConfig config;

    public ListeningSignals(ReactiveRedisDataSource redis, RecommendationConfig config) {
        this.redis = redis;
        this.sortedSets = redis.sortedSet(String.class, String.class);
        this.lists = redis.list(String.class, String.class);
        this.hashes = redis.hash(String.class, String.class, String.class);
        this.config = config;
    }

    /** Applies one event to the popularity and every listener key's signals, at most once. */
    public Uni<Boolean> apply(Projection p) {
        List<String> args = new ArrayList<>();
        args.add(APPLY_EVENT);
        args.add(Integer.toString(2 + 4 * p.listenerKeys().size()));
        args.add(APPLIED + p.eventId());
        args.add(POPULARITY);
        for (String key : p.listenerKeys()) {
            args.add(RECENT + key);
            args.add(TASTE + key);
            args.add(CONTEXT + key);
            args.add(DRIVE + key);
        }
        args.add(Long.toString(config.projectionGuardTtl().toSeconds()));
        args.add(Double.toString(p.popularityWeight()));
        args.add(p.itemId());
        args.add(Integer.toString(config.recentPlays()));
        args.add(Long.toString(config.recentPlaysTtl().toSeconds()));
        args.add(Double.toString(p.preference()));
        if (p.contextUpdates().size() == 2) {
            args.add(p.contextUpdates().get(0).field());
            args.add(Double.toString(p.contextUpdates().get(0).increment()));
            args.add(p.contextUpdates().get(1).field());
            args.add(Double.toString(p.contextUpdates().get(1).increment()));
        } else {
            args.addAll(List.of("", "0", "", "0"));
        }
        args.add(p.driveSkip() ? "1" : "0");
        args.add(Long.toString(config.driveSessionTtl().toSeconds()));
        args.add(Long.toString(config.historyTtl().toSeconds()));
        args.add(Long.toString(p.eventTimeMs()));
        return redis.execute("EVAL", args.toArray(String[]::new)).map(response -> response.toInteger() == 1);
    }

    /**
     * Reads a listener's signals in one go: recent plays and this drive's skips of every key, and the
     * history of {@code historyKey} (null: none is read).
     */
    public Uni<Raw> read(List<String> keys, String historyKey, String personId) {
        // one pipelined batch on one connection: a request costs one round trip and one pooled connection
        List<Request> batch = new ArrayList<>();
        batch.add(personId == null ? Request.cmd(Command.PING) : Request.cmd(Command.GET).arg(PersonAliases.ALIAS + personId));
        for (String key : keys) {
            batch.add(Request.cmd(Command.LRANGE).arg(RECENT + key).arg(0).arg(config.recentPlays() - 1));
            batch.add(Request.cmd(Command.HGETALL).arg(DRIVE + key));
        }
        if (historyKey != null) {
            batch.add(Request.cmd(Command.HGETALL).arg(TASTE + historyKey));
            batch.add(Request.cmd(Command.HGETALL).arg(CONTEXT + historyKey));
        }
        return redis.getRedis().batch(batch).map(all -> {
            String survivor = personId == null || all.get(0) == null ? null : all.get(0).toString();
            List<Response> responses = all.subList(1, all.size());
            Set<String> recent = new LinkedHashSet<>();
            Set<String> skips = new LinkedHashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                Response list = responses.get(2 * i);
                for (int k = 0; list != null && k < list.size(); k++) {
                    recent.add(list.get(k).toString());
                }
                skips.addAll(hash(responses.get(2 * i + 1)).keySet());
            }
            int at = 2 * keys.size();
            Map<String, Double> preferences = historyKey == null ? Map.of() : doubles(hash(responses.get(at)));
            Map<String, Double> context = historyKey == null ? Map.of() : doubles(hash(responses.get(at + 1)));
            return new Raw(recent, skips, preferences, context, survivor);
        });
    }

    /** A hash reply: a map (RESP3) or a flat list of field, value pairs (RESP2). */
    static Map<String, String> hash(Response response) {
        Map<String, String> values = new HashMap<>();
        if (response == null || response.size() == 0) {
            return values;
        }
        Set<String> fields;
        try {
            fields = response.getKeys();
        } catch (RuntimeException notAMap) {
            fields = null;
        }
        if (fields != null && !fields.isEmpty()) {
            for (String field : fields) {
                values.put(field, response.get(field).toString());
            }
            return values;
        }
        for (int i = 0; i + 1 < response.size(); i += 2) {
            values.put(response.get(i).toString(), response.get(i + 1).toString());
        }
        return values;
    }

    private static Map<String, Double> doubles(Map<String, String> raw) {
        Map<String, Double> values = new HashMap<>(raw.size() * 2);
        raw.forEach((k, v) -> values.put(k, Double.parseDouble(v)));
        return values;
    }

    /** The stored preferences of one listener key (export). */
    public Uni<Map<String, Double>> preferences(String key) {
        return hashes.hgetall(TASTE + key).map(ListeningSignals::doubles);
    }

    /** Replaces a listener's history with one rebuilt from the stored events (after a merge or split). */
    public Uni<Void> replace(String key, Map<String, Double> preferences, Map<String, Double> contextCounts,
            List<String> recentNewestFirst) {
        Uni<Integer> deleted = redis.key().del(RECENT + key, TASTE + key, CONTEXT + key);
        return deleted.flatMap(n -> {
            List<Uni<Void>> writes = new ArrayList<>();
            Duration history = config.historyTtl();
            if (!preferences.isEmpty()) {
                Map<String, String> values = new LinkedHashMap<>();
                preferences.forEach((k, v) -> values.put(k, Double.toString(v)));
                writes.add(hashes.hset(TASTE + key, values)
                        .call(() -> redis.key().expire(TASTE + key, history)).replaceWithVoid());
            }
            if (!contextCounts.isEmpty()) {
                Map<String, String> values = new LinkedHashMap<>();
                contextCounts.forEach((k, v) -> values.put(k, Double.toString(v)));
                writes.add(hashes.hset(CONTEXT + key, values)
                        .call(() -> redis.key().expire(CONTEXT + key, history)).replaceWithVoid());
            }
            List<String> recent = recentNewestFirst.subList(0, Math.min(config.recentPlays(), recentNewestFirst.size()));
            if (!recent.isEmpty()) {
                writes.add(lists.rpush(RECENT + key, recent.toArray(String[]::new))
                        .call(() -> redis.key().expire(RECENT + key, config.recentPlaysTtl())).replaceWithVoid());
            }
            return writes.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(writes).andFailFast().replaceWithVoid();
        });
    }

    /** Deletes everything held for the listener keys. */
    public Uni<Void> forget(List<String> keys) {
        List<String> all = new ArrayList<>();
        for (String key : keys) {
            all.addAll(List.of(RECENT + key, TASTE + key, CONTEXT + key, DRIVE + key));
        }
        return all.isEmpty() ? Uni.createFrom().voidItem() : redis.key().del(all.toArray(String[]::new)).replaceWithVoid();
    }

    /** Takes deleted events' weights back out of the popularity board. */
    public Uni<Void> subtractPopularity(Map<String, Double> weightByItem) {
        List<Uni<Double>> updates = new ArrayList<>();
        weightByItem.forEach((item, weight) -> updates.add(sortedSets.zincrby(POPULARITY, -weight, item)));
        return updates.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(updates).andFailFast().replaceWithVoid();
    }

    /** Drops a retired item from the popularity board. */
    public Uni<Void> removeFromPopularity(String itemId) {
        return sortedSets.zrem(POPULARITY, itemId).replaceWithVoid();
    }

    /** The {@code limit} highest-scored items, best first. */
    public Uni<List<ScoredValue<String>>> top(int limit) {
        return sortedSets.zrangeWithScores(POPULARITY, 0, limit - 1L, new ZRangeArgs().rev());
    }
}
