package dev.chezhu.platform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.chezhu.platform.events.EventMetrics.Outcome;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XPendingArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Consumes the topics this service has {@link EventHandler}s for, as the consumer group
 * {@code quarkus.application.name} (one group per service; replicas share it), under a consumer name
 * unique to this process.
 *
 * <p>
 * One loop per process reads all those streams with a single {@code XREADGROUP ... BLOCK}, so it
 * holds one Redis connection however many topics it serves. Each entry is delivered through the
 * {@link InboxProcessor} (inbox row and handlers in one transaction) and {@code XACK}ed after commit.
 * A failed entry stays pending; every {@code reclaim-interval} the loop looks at the group's pending
 * entries (its own, and those of consumers that died) and re-delivers each one that has been idle
 * for {@code backoff-base * 2^(deliveries-1)} (capped by {@code backoff-max}) via {@code XCLAIM}, whose
 * minimum idle time makes one replica win each retry. An entry delivered {@code max-deliveries}
 * times is copied to {@code chezhu:events:dlq:<group>} and acknowledged.
 *
 * <p>
 * Nothing is lost while the service is down: new entries wait after the group's last-delivered ID,
 * entries read but not acknowledged wait in the pending list and are reclaimed on restart.
 */
@ApplicationScoped
public class EventConsumers {

    private static final Logger LOG = Logger.getLogger(EventConsumers.class);
    private static final int RECLAIM_PAGE = 100;
    private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(30);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final ReactiveStreamCommands<String, String, byte[]> streams;
    private final ReactiveHashCommands<String, String, String> failures;
    private final InboxProcessor processor;
    private final EventsConfig config;
    private final EventMetrics metrics;
    private final Vertx vertx;
    private final String group;
    private final String consumer;
    private final Map<String, String> newEntries = new LinkedHashMap<>();

    private Loop loop;

    public EventConsumers(ReactiveRedisDataSource redis, InboxProcessor processor, EventsConfig config,
            EventMetrics metrics, Vertx vertx) {
        this.streams = redis.stream(String.class, String.class, byte[].class);
        this.failures = redis.hash(String.class, String.class, String.class);
        this.processor = processor;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
        this.group = processor.group();
        this.consumer = config.consumers().name()
                .orElse(group + "-" + UUID.randomUUID().toString().substring(0, 8));
        processor.topics().stream().sorted().forEach(topic -> newEntries.put(Topics.stream(topic), ">"));
    }

    void onStart(@Observes StartupEvent event) {
        if (config.consumers().enabled()) {
            start();
        }
    }

    /** Lets the entry in progress finish (and the blocking read return) before Redis and the pool close. */
    void onStop(@Observes ShutdownEvent event) {
        try {
            stop().await().atMost(config.consumers().block().plus(SHUTDOWN_WAIT));
        } catch (RuntimeException e) {
            LOG.debugf("Consumer still busy at shutdown: %s", e);
        }
    }

    /** The consumer group: {@code quarkus.application.name}. */
    public String group() {
        return group;
    }

    /** This process's consumer name inside the group. */
    public String consumer() {
        return consumer;
    }

    public synchronized boolean isRunning() {
        return loop != null && loop.active;
    }

    /**
     * Starts consuming (done at startup unless {@code chezhu.events.consumers.enabled=false}); does
     * nothing when no handler is declared.
     */
    public synchronized void start() {
        if (loop != null && loop.active) {
            return;
        }
        if (newEntries.isEmpty()) {
            LOG.info("No EventHandler beans: not consuming any topic");
            return;
        }
        loop = new Loop();
        LOG.infof("Consuming %s as %s/%s", newEntries.keySet(), group, consumer);
        loop.next(Duration.ZERO);
    }

    /**
     * Stops consuming; completes once the entry in progress (if any) is finished. Unacknowledged
     * entries stay with the group and are processed after the next start (here or by a replica).
     */
    public synchronized Uni<Void> stop() {
        if (loop == null || !loop.active) {
            return Uni.createFrom().voidItem();
        }
        Loop stopping = loop;
        stopping.deactivate();
        LOG.infof("Stopping consumer %s/%s", group, consumer);
        return Uni.createFrom().completionStage(stopping.stopped);
    }

    /** One run of the consumer: stopped by deactivating it, never restarted. */
    private final class Loop {
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
        volatile boolean active = true;
        private boolean busy;
        private long timerId = -1;
        private boolean groupsReady;
        private Instant lastReclaim = Instant.EPOCH;
        private int consecutiveFailures;

        synchronized void deactivate() {
            active = false;
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
                timerId = -1;
            }
            if (!busy) {
                stopped.complete(null);
            }
        }

        synchronized void next(Duration delay) {
            busy = false;
            if (!active) {
                stopped.complete(null);
                return;
            }
            timerId = vertx.setTimer(Math.max(1, delay.toMillis()), id -> iterate());
        }

        private synchronized boolean begin() {
            timerId = -1;
            if (!active) {
                stopped.complete(null);
                return false;
            }
            busy = true;
            return true;
        }

        private void iterate() {
            if (!begin()) {
                return;
            }
            Uni.createFrom().voidItem()
                    .flatMap(v -> groupsReady ? Uni.createFrom().voidItem() : ensureGroups().invoke(() -> groupsReady = true))
                    .flatMap(v -> reclaimIfDue())
                    .flatMap(v -> active ? readNew() : Uni.createFrom().voidItem())
                    .subscribe().with(
                            v -> {
                                consecutiveFailures = 0;
                                next(Duration.ZERO);
                            },
                            failure -> {
                                if (!active) {
                                    LOG.debugf("Consumer %s/%s stopped during a read: %s", group, consumer, failure);
                                    next(Duration.ZERO);
                                    return;
                                }
                                consecutiveFailures++;
                                if (String.valueOf(failure.getMessage()).contains("NOGROUP")) {
                                    groupsReady = false; // the stream or group was deleted: recreate it
                                }
                                Duration backoff = Duration.ofMillis(100L << Math.min(consecutiveFailures, 9));
                                if (backoff.compareTo(MAX_ERROR_BACKOFF) > 0) {
                                    backoff = MAX_ERROR_BACKOFF;
                                }
                                LOG.warnf("Consumer %s/%s failed (%d in a row), retrying in %s: %s", group, consumer,
                                        consecutiveFailures, backoff, failure.toString());
                                next(backoff);
                            });
        }

        private Uni<Void> reclaimIfDue() {
            Instant now = Instant.now();
            if (Duration.between(lastReclaim, now).compareTo(config.consumers().reclaimInterval()) < 0) {
                return Uni.createFrom().voidItem();
            }
            lastReclaim = now;
            Uni<Void> all = Uni.createFrom().voidItem();
            for (String stream : newEntries.keySet()) {
                all = all.flatMap(v -> active ? reclaim(stream) : Uni.createFrom().voidItem());
            }
            return all;
        }
    }

    /** Creates the group at the beginning of each stream (MKSTREAM) unless it exists. */
    private Uni<Void> ensureGroups() {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String stream : newEntries.keySet()) {
            all = all.flatMap(v -> streams.xgroupCreate(stream, group, "0", new XGroupCreateArgs().mkstream())
                    .onFailure(f -> String.valueOf(f.getMessage()).contains("BUSYGROUP")).recoverWithNull());
        }
        return all;
    }

    private Uni<Void> readNew() {
        XReadGroupArgs args = new XReadGroupArgs().count(config.consumers().batchSize()).block(config.consumers().block());
        return streams.xreadgroup(group, consumer, newEntries, args).flatMap(entries -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            if (entries != null) {
                for (StreamMessage<String, String, byte[]> entry : entries) {
                    all = all.flatMap(v -> process(entry, 1));
                }
            }
            return all;
        });
    }

    /** Pending entries of the group that are due for another delivery, or for the dead-letter stream. */
    private Uni<Void> reclaim(String stream) {
        XPendingArgs idle = new XPendingArgs().idle(config.retry().backoffBase());
        return streams.xpending(stream, group, StreamRange.of("-", "+"), RECLAIM_PAGE, idle).flatMap(pending -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (PendingMessage entry : pending) {
                all = all.flatMap(v -> retryOrDeadLetter(stream, entry));
            }
            return all;
        });
    }

    private Uni<Void> retryOrDeadLetter(String stream, PendingMessage pending) {
        int deliveries = pending.getDeliveryCount();
        Duration due = backoff(deliveries);
        if (pending.getDurationSinceLastDelivery().compareTo(due) < 0) {
            return Uni.createFrom().voidItem();
        }
        // XCLAIM only succeeds while the entry is still idle that long: one replica wins each retry.
        return streams.xclaim(stream, group, consumer, due, pending.getMessageId()).flatMap(claimed -> {
            if (claimed.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            StreamMessage<String, String, byte[]> entry = claimed.get(0);
            if (deliveries >= config.retry().maxDeliveries()) {
                return lastError(stream, entry.id())
                        .flatMap(error -> deadLetter(stream, entry.id(), entry.payload(), deliveries, error));
            }
            metrics.retried(Topics.topicOf(stream));
            return process(entry, deliveries + 1);
        });
    }

    /** {@code backoff-base * 2^(deliveries-1)}, at most {@code backoff-max}. */
    Duration backoff(int deliveries) {
        Duration base = config.retry().backoffBase();
        Duration max = config.retry().backoffMax();
        int doublings = Math.max(0, Math.min(deliveries - 1, 30));
        Duration wait = base.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 || wait.isNegative() ? max : wait;
    }

    private Uni<Void> process(StreamMessage<String, String, byte[]> entry, long delivery) {
        String stream = entry.key();
        String topic = Topics.topicOf(stream);
        Envelope event;
        try {
            event = StreamEntries.envelope(entry.payload());
        } catch (IllegalArgumentException e) {
            LOG.warnf("Entry %s of %s cannot be decoded, dead-lettering it: %s", entry.id(), stream, e.getMessage());
            return deadLetter(stream, entry.id(), entry.payload(), delivery, "undecodable entry: " + e.getMessage());
        }
        return processor.deliver(topic, event, delivery).onItemOrFailure().transformToUni((outcome, failure) -> {
            if (failure == null) {
                metrics.handled(topic, outcome);
                return streams.xack(stream, group, entry.id())
                        .flatMap(acked -> delivery > 1 ? clearError(stream, entry.id()) : Uni.createFrom().voidItem());
            }
            metrics.handled(topic, Outcome.FAILED);
            LOG.warnf("Event %s (%s) on %s failed on delivery %d of %d: %s", event.eventId(), event.type(), topic,
                    delivery, config.retry().maxDeliveries(), failure.getClass().getName());
            return recordError(stream, entry.id(), failure);
        });
    }

    private Uni<Void> deadLetter(String stream, String entryId, Map<String, byte[]> fields, long attempts, String error) {
        String dlq = Topics.deadLetterStream(group);
        return streams.xadd(dlq, DeadLetters.entry(fields, stream, entryId, error, attempts, Instant.now()))
                .flatMap(dlqId -> streams.xack(stream, group, entryId)
                        .invoke(() -> {
                            metrics.deadLettered(Topics.topicOf(stream));
                            LOG.errorf("Entry %s of %s dead-lettered to %s as %s after %d deliveries", entryId, stream,
                                    dlq, dlqId, attempts);
                        }))
                .flatMap(acked -> clearError(stream, entryId));
    }

    // The last error of a failing entry lives in Redis, so whichever replica dead-letters it can tell why.

    private Uni<Void> recordError(String stream, String entryId, Throwable failure) {
        String message = failure.getClass().getName() + ": " + failure.getMessage();
        if (message.length() > 2000) {
            message = message.substring(0, 2000);
        }
        return failures.hset(Topics.failures(group), stream + "|" + entryId, message)
                .replaceWithVoid()
                .onFailure().invoke(f -> LOG.debugf("Could not record the failure of %s: %s", entryId, f))
                .onFailure().recoverWithNull();
    }

    private Uni<String> lastError(String stream, String entryId) {
        return failures.hget(Topics.failures(group), stream + "|" + entryId)
                .map(error -> error != null ? error : "no error recorded (the consumer stopped or crashed while processing)");
    }

    private Uni<Void> clearError(String stream, String entryId) {
        return failures.hdel(Topics.failures(group), stream + "|" + entryId).replaceWithVoid();
    }
}
