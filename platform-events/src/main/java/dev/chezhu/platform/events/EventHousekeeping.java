package dev.chezhu.platform.events;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Slow periodic chores: the outbox backlog gauge and forgetting old inbox rows. */
@ApplicationScoped
class EventHousekeeping {

    private static final Logger LOG = Logger.getLogger(EventHousekeeping.class);

    private final Pool pool;
    private final EventMetrics metrics;
    private final EventsConfig config;

    EventHousekeeping(Pool pool, EventMetrics metrics, EventsConfig config) {
        this.pool = pool;
        this.metrics = metrics;
        this.config = config;
    }

    @Scheduled(every = "15s", delayed = "5s", concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> measureBacklog() {
        return pool.query("select count(*) from outbox_event").execute()
                .invoke(rows -> metrics.backlog(rows.iterator().next().getLong(0)))
                .replaceWithVoid()
                .onFailure().invoke(f -> LOG.debugf("Could not measure the outbox backlog: %s", f))
                .onFailure().recoverWithNull();
    }

    /** Inbox rows older than {@code chezhu.events.inbox.retention} no longer deduplicate anything. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> purgeInbox() {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minus(config.inbox().retention());
        return pool.preparedQuery("delete from inbox_event where processed_at < $1").execute(Tuple.of(before))
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        LOG.infof("Purged %d inbox rows older than %s", rows.rowCount(), config.inbox().retention());
                    }
                })
                .replaceWithVoid()
                .onFailure().invoke(f -> LOG.warnf("Could not purge the inbox: %s", f))
                .onFailure().recoverWithNull();
    }
}
