package dev.chezhu.recommendation.persistence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.recommendation.config.RecommendationConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.list.ReactiveListCommands;
import io.quarkus.redis.datasource.sortedset.ReactiveSortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.smallrye.mutiny.Uni;

/**
 * The listening signals rankers read at request time, in Redis and derived from the events in
 * PostgreSQL: the popularity of every item ({@value #POPULARITY}, a sorted set of item IDs) and the
 * recent plays of every listener ({@value #RECENT}{@code person:{id}} / {@code vehicle:{vin}},
 * capped lists of distinct item IDs, newest first). Keys hold item IDs, person IDs and VINs only.
 */
@ApplicationScoped
public class ListeningSignals {

    public static final String PREFIX = "recommendation:";
    public static final String POPULARITY = PREFIX + "popularity";
    public static final String RECENT = PREFIX + "recent:";
    public static final String APPLIED = PREFIX + "applied:";

    /**
     * Applies one event atomically and at most once: the guard key records that the event was
     * applied, so a projection retried after a failure (or raced by a resend) does not count twice.
     * KEYS: guard, popularity, recent lists...; ARGV: guard TTL s, weight, item, recent cap, recent TTL s.
     */
    static final String APPLY_EVENT = """
            if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[1])) then
              return 0
            end
            redis.call('ZINCRBY', KEYS[2], ARGV[2], ARGV[3])
            for i = 3, #KEYS do
              redis.call('LREM', KEYS[i], 0, ARGV[3])
              redis.call('LPUSH', KEYS[i], ARGV[3])
              redis.call('LTRIM', KEYS[i], 0, tonumber(ARGV[4]) - 1)
              redis.call('EXPIRE', KEYS[i], tonumber(ARGV[5]))
            end
            return 1
            """;

    private final ReactiveRedisDataSource redis;
    private final ReactiveSortedSetCommands<String, String> sortedSets;
    private final ReactiveListCommands<String, String> lists;
    private final RecommendationConfig config;

    public ListeningSignals(ReactiveRedisDataSource redis, RecommendationConfig config) {
        this.redis = redis;
        this.sortedSets = redis.sortedSet(String.class, String.class);
        this.lists = redis.list(String.class, String.class);
        this.config = config;
    }

    /** Adds one event's weight to its item and puts the item on top of each listener's recent plays. */
    public Uni<Boolean> apply(String eventId, String itemId, double weight, List<String> listenerKeys) {
        List<String> args = new ArrayList<>();
        args.add(APPLY_EVENT);
        args.add(Integer.toString(2 + listenerKeys.size()));
        args.add(APPLIED + eventId);
        args.add(POPULARITY);
        listenerKeys.forEach(key -> args.add(RECENT + key));
        args.add(Long.toString(config.projectionGuardTtl().toSeconds()));
        args.add(Double.toString(weight));
        args.add(itemId);
        args.add(Integer.toString(config.recentPlays()));
        args.add(Long.toString(config.recentPlaysTtl().toSeconds()));
        return redis.execute("EVAL", args.toArray(String[]::new)).map(response -> response.toInteger() == 1);
    }

    /** The items any of the listener keys played recently. */
    public Uni<Set<String>> recentlyPlayed(List<String> listenerKeys) {
        List<Uni<List<String>>> reads = listenerKeys.stream()
                .map(key -> lists.lrange(RECENT + key, 0, config.recentPlays() - 1)).toList();
        return Uni.join().all(reads).andFailFast().map(all -> {
            Set<String> played = new LinkedHashSet<>();
            all.forEach(played::addAll);
            return played;
        });
    }

    /** The {@code limit} highest-scored items, best first (negative scores included if reached). */
    public Uni<List<ScoredValue<String>>> top(int limit) {
        return sortedSets.zrangeWithScores(POPULARITY, 0, limit - 1L, new ZRangeArgs().rev());
    }

    /** How many items have a popularity score at all. */
    public Uni<Long> scoredItems() {
        return sortedSets.zcard(POPULARITY);
    }

    /** The popularity of each item, absent for items no event ever touched. */
    public Uni<Map<String, Double>> scores(List<String> itemIds) {
        if (itemIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return sortedSets.zmscore(POPULARITY, itemIds.toArray(String[]::new)).map(scores -> {
            Map<String, Double> byItem = new LinkedHashMap<>();
            for (int i = 0; i < itemIds.size(); i++) {
                if (scores.get(i) != null) {
                    byItem.put(itemIds.get(i), scores.get(i));
                }
            }
            return byItem;
        });
    }
}
