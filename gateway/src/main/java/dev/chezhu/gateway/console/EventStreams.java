package dev.chezhu.gateway.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * The domain-event streams (platform-events: one Redis stream per topic, one consumer group per
 * consuming service): how far behind each group is, and how many events of each type went out.
 */
@ApplicationScoped
public class EventStreams {

    static final List<String> TOPICS = List.of("identity", "telematics", "recommendation", "loyalty");
    private static final int BATCH = 2000;

    /** A consumer group's backlog on one stream. */
    public record Backlog(String stream, String group, Long lag, long pending, long deadLetters) {
    }

    private final ReactiveRedisDataSource redis;
    // events counted so far per type, and where each stream was read up to: each poll reads only new entries
    private final Map<String, Long> typeCounts = new HashMap<>();
    private final Map<String, String> readUpTo = new HashMap<>();

    public EventStreams(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    public Uni<List<Backlog>> backlog() {
        return Multi.createFrom().iterable(TOPICS)
                .onItem().transformToUniAndConcatenate(this::groupsOf)
                .collect().asList()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    private Uni<List<Backlog>> groupsOf(String topic) {
        String stream = "chezhu:events:" + topic;
        return redis.execute("EXISTS", stream).flatMap(exists -> exists.toInteger() == 0 ? Uni.createFrom().item(List.of())
                : redis.execute("XINFO", "GROUPS", stream).flatMap(groups -> {
                    List<Uni<Backlog>> each = new ArrayList<>();
                    for (Response group : groups) {
                        String name = field(group, "name").toString();
                        Response lag = field(group, "lag");
                        long pending = field(group, "pending").toLong();
                        each.add(redis.execute("XLEN", "chezhu:events:dlq:" + name).map(dlq -> new Backlog(topic, name,
                                lag == null ? null : lag.toLong(), pending, dlq == null ? 0 : dlq.toLong())));
                    }
                    return each.isEmpty() ? Uni.createFrom().item(List.<Backlog>of())
                            : Uni.join().all(each).andFailFast();
                }));
    }

    /** Events per type (the protobuf message's simple name, e.g. PersonMerged) since the streams began. */
    public Uni<Map<String, Long>> typeCounts() {
        return Multi.createFrom().iterable(TOPICS)
                .onItem().transformToUniAndConcatenate(this::catchUp)
                .collect().last()
                .map(ignored -> snapshot());
    }

    private synchronized Map<String, Long> snapshot() {
        return new HashMap<>(typeCounts);
    }

    private Uni<Void> catchUp(String topic) {
        String stream = "chezhu:events:" + topic;
        String from = cursor(stream);
        return redis.execute("XRANGE", stream, from, "+", "COUNT", Integer.toString(BATCH)).flatMap(entries -> {
            int read = count(stream, entries);
            // a full batch means more is waiting; an overview poll takes at most a few batches
            return read == BATCH ? catchUp(topic) : Uni.createFrom().voidItem();
        });
    }

    private synchronized String cursor(String stream) {
        String last = readUpTo.get(stream);
        return last == null ? "-" : "(" + last;
    }

    private synchronized int count(String stream, Response entries) {
        int read = 0;
        for (Response entry : entries) {
            read++;
            readUpTo.put(stream, entry.get(0).toString());
            Response type = field(entry.get(1), "type");
            if (type != null) {
                String name = type.toString();
                typeCounts.merge(name.substring(name.lastIndexOf('.') + 1), 1L, Long::sum);
            }
        }
        return read;
    }

    /** A field of a Redis reply that is a map (RESP3) or a flat key, value, ... array (RESP2). */
    static Response field(Response reply, String key) {
        if (reply == null) {
            return null;
        }
        try {
            if (!reply.getKeys().isEmpty()) {
                return reply.get(key);
            }
        } catch (RuntimeException notAMap) {
            // an array reply: read it as pairs below
        }
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            if (key.equals(reply.get(i).toString())) {
                return reply.get(i + 1);
            }
        }
        return null;
    }
}
