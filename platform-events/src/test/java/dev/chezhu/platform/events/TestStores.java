package dev.chezhu.platform.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XPendingArgs;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** What the tests look at in the real PostgreSQL and Redis, read directly (no library code involved). */
@ApplicationScoped
public class TestStores {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Pool pool;
    private final RedisDataSource redis;
    private final StreamCommands<String, String, byte[]> streams;

    public TestStores(Pool pool, RedisDataSource redis) {
        this.pool = pool;
        this.redis = redis;
        this.streams = redis.stream(String.class, String.class, byte[].class);
    }

    /** Redis database 2 is this module's alone: start every run from an empty one, before consumers start. */
    void flushRedis(@Observes @Priority(1) StartupEvent event) {
        redis.execute("FLUSHDB");
    }

    @Produces
    @Singleton
    InMemorySpanExporter spanExporter() {
        return InMemorySpanExporter.create();
    }

    /** Runs a use case on a safe Vert.x duplicated context, as a gRPC call would, and waits for it. */
    static <T> T call(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    long effects(String subject) {
        return count("select count(*) from test_effect where subject = $1", subject);
    }

    long outboxRows(String subjectPrefix) {
        return count("select count(*) from outbox_event where subject like $1", subjectPrefix + "%");
    }

    long inboxRows(String eventId) {
        return count("select count(*) from inbox_event where event_id = $1::uuid", eventId);
    }

    List<Row> effectRows(String subject) {
        return pool.preparedQuery("select * from test_effect where subject = $1").execute(Tuple.of(subject))
                .map(rows -> {
                    List<Row> list = new java.util.ArrayList<>();
                    rows.forEach(list::add);
                    return list;
                }).await().atMost(TIMEOUT);
    }

    private long count(String sql, String parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter))
                .map(rows -> rows.iterator().next().getLong(0)).await().atMost(TIMEOUT);
    }

    List<StreamMessage<String, String, byte[]>> entries(String topic) {
        return streams.xrange(Topics.stream(topic), StreamRange.of("-", "+"));
    }

    /** The entries of a topic's stream about one subject. */
    List<StreamMessage<String, String, byte[]>> entries(String topic, String subject) {
        return entries(topic).stream().filter(e -> subject.equals(text(e.payload(), StreamEntries.SUBJECT))).toList();
    }

    List<PendingMessage> pending(String topic, String group) {
        return streams.xpending(Topics.stream(topic), group, StreamRange.of("-", "+"), 1000, new XPendingArgs());
    }

    String xadd(String topic, Map<String, byte[]> fields) {
        return streams.xadd(Topics.stream(topic), fields);
    }

    StreamCommands<String, String, byte[]> streams() {
        return streams;
    }

    RedisDataSource redis() {
        return redis;
    }

    static String text(Map<String, byte[]> fields, String name) {
        byte[] value = fields.get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
