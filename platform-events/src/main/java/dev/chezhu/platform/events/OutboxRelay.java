package dev.chezhu.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Moves committed outbox rows to Redis Streams. Each batch is one PostgreSQL transaction: claim the
 * oldest rows with {@code FOR UPDATE SKIP LOCKED} (replicas relaying at the same time take disjoint
 * rows), {@code XADD} each to {@code chezhu:events:<topic>} in id order, delete them, commit. When an
 * {@code XADD} fails the transaction rolls back and the rows wait for the next run. A crash between
 * {@code XADD} and commit publishes those rows again: delivery is at least once, consumers
 * deduplicate on the event ID.
 *
 * <p>
 * The relay runs on a Vert.x timer re-armed after each run (so runs never overlap, and sub-second
 * intervals are honoured, which {@code @Scheduled} — checked once a second — would not do).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    static final String CLAIM = "select id, event_id, topic, type, source, subject, occurred_at, traceparent, payload "
            + "from outbox_event order by id limit $1 for update skip locked";
    static final String DELETE = "delete from outbox_event where id = any($1)";
    private static final int MAX_BATCHES_PER_RUN = 10;
    private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(30);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final Pool pool;
    private final ReactiveStreamCommands<String, String, byte[]> streams;
    private final Vertx vertx;
    private final EventsConfig config;
    private final EventMetrics metrics;
    private final Tracer tracer;

    private volatile boolean running;
    private long generation;
    private long timerId = -1;
    private int consecutiveFailures;
    private volatile CompletableFuture<Void> runInFlight = CompletableFuture.completedFuture(null);

    public OutboxRelay(Pool pool, ReactiveRedisDataSource redis, Vertx vertx, EventsConfig config,
            EventMetrics metrics, Tracer tracer) {
        this.pool = pool;
        this.streams = redis.stream(String.class, String.class, byte[].class);
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        this.tracer = tracer;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.relay().enabled()) {
            start();
        }
    }

    /** Lets the run in progress commit before the pool and the Redis client close. */
    void onStop(@Observes ShutdownEvent event) {
        stop();
        try {
            runInFlight.get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debugf("Outbox relay run still in progress at shutdown: %s", e);
        }
    }

    /** Starts relaying on the configured interval (done at startup unless {@code chezhu.events.relay.enabled=false}). */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        generation++;
        schedule(generation, Duration.ZERO);
        LOG.infof("Outbox relay started (every %s, batches of %d)", config.relay().interval(),
                config.relay().batchSize());
    }

    /** Stops scheduling runs; a run in progress finishes its transaction. Rows wait in the outbox. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        generation++;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        LOG.info("Outbox relay stopped");
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * Relays one batch in one transaction and returns how many events it published. Safe to call
     * concurrently, from any thread, with the scheduled relay running.
     */
    public Uni<Integer> relayOnce() {
        return pool.withTransaction(this::relayBatch)
                .invoke(relayed -> relayed.forEach(row -> metrics.published(row.topic())))
                .map(List::size);
    }

    private record Claimed(long id, String topic, Envelope event) {
    }

    private Uni<List<Claimed>> relayBatch(SqlConnection connection) {
        return connection.preparedQuery(CLAIM).execute(Tuple.of(config.relay().batchSize()))
                .flatMap(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(claimed(row));
                    }
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(claimed);
                    }
                    Span span = tracer.spanBuilder("outbox relay").setSpanKind(SpanKind.PRODUCER)
                            .setAttribute(EventTracing.MESSAGING_SYSTEM, "redis_streams")
                            .setAttribute(EventTracing.EVENT_COUNT, (long) claimed.size())
                            .startSpan();
                    Long[] ids = claimed.stream().map(Claimed::id).toArray(Long[]::new);
                    return Multi.createFrom().iterable(claimed)
                            .onItem().transformToUniAndConcatenate(this::append)
                            .collect().last()
                            .flatMap(ignored -> connection.preparedQuery(DELETE).execute(Tuple.tuple().addArrayOfLong(ids)))
                            .replaceWith(claimed)
                            .onTermination().invoke((ok, failure, cancelled) -> {
                                if (failure != null) {
                                    span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                                }
                                span.end();
                            });
                });
    }

    private static Claimed claimed(Row row) {
        Envelope event = new Envelope(row.getUUID("event_id"), row.getString("type"), row.getString("source"),
                row.getString("subject"), row.getOffsetDateTime("occurred_at").toInstant(),
                row.getString("traceparent"), ByteString.copyFrom(row.getBuffer("payload").getBytes()));
        return new Claimed(row.getLong("id"), row.getString("topic"), event);
    }

    private Uni<String> append(Claimed row) {
        XAddArgs args = new XAddArgs();
        long maxLength = config.stream().maxLength();
        if (maxLength > 0) {
            args.maxlen(maxLength).nearlyExactTrimming();
        }
        return streams.xadd(Topics.stream(row.topic()), args, StreamEntries.fields(row.event()));
    }

    /** A run: batches until one comes back short (bounded, so one run never monopolises the pool). */
    private Uni<Integer> drain(int batches, int total) {
        return relayOnce().flatMap(relayed -> relayed == config.relay().batchSize() && batches + 1 < MAX_BATCHES_PER_RUN
                ? drain(batches + 1, total + relayed)
                : Uni.createFrom().item(total + relayed));
    }

    private synchronized void schedule(long gen, Duration delay) {
        if (!running || gen != generation) {
            return;
        }
        timerId = vertx.setTimer(Math.max(1, delay.toMillis()), id -> run(gen));
    }

    private void run(long gen) {
        if (!running || gen != generation) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        runInFlight = done;
        VertxContexts.onNewSafeContext(vertx, () -> drain(0, 0)).subscribe().with(
                relayed -> {
                    done.complete(null);
                    consecutiveFailures = 0;
                    schedule(gen, config.relay().interval());
                },
                failure -> {
                    done.complete(null);
                    if (!running || gen != generation) {
                        LOG.debugf("Outbox relay run interrupted by stop: %s", failure);
                        return;
                    }
                    consecutiveFailures++;
                    Duration backoff = config.relay().interval().multipliedBy(1L << Math.min(consecutiveFailures, 8));
                    if (backoff.compareTo(MAX_ERROR_BACKOFF) > 0) {
                        backoff = MAX_ERROR_BACKOFF;
                    }
                    LOG.warnf("Outbox relay failed (%d in a row), rows stay in the outbox; next try in %s: %s",
                            consecutiveFailures, backoff, failure.toString());
                    schedule(gen, backoff);
                });
    }
}
