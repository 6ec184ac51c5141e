package dev.chezhu.telematics.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.chezhu.telematics.domain.RetentionPolicy;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The storage jobs, run by the scheduler (every {@code chezhu.telematics.maintenance.every}) on a
 * worker thread through JDBC, one replica at a time (a PostgreSQL advisory lock):
 * <ol>
 * <li>daily partitions of telemetry_datapoint for yesterday .. today + {@code partitions-ahead};</li>
 * <li>hourly rollups recomputed for every hour touched by batches received since the last run
 * (recomputing from the raw rows is idempotent and takes late and resent data in);</li>
 * <li>raw partitions ending before now - {@code retention.raw} dropped, rollups older than
 * {@code retention.rollup} deleted.</li>
 * </ol>
 */
@ApplicationScoped
public class TelemetryMaintenance {

    private static final Logger LOG = Logger.getLogger(TelemetryMaintenance.class);
    private static final long LOCK_ID = 4_004_004L;
    static final String ROLLUP_JOB = "rollup_hourly";
    /** Batches received within this lag of now may still be committing: the rollup waits for them. */
    static final Duration ROLLUP_LAG = Duration.ofMinutes(1);

    private static final String ROLLUP = "insert into telemetry_rollup_hourly "
            + "(vin, signal, bucket_start, min_value, max_value, sum_value, value_count) "
            + "select vin, signal, date_bin('1 hour', observed_at, timestamptz '1970-01-01 00:00:00+00'), "
            + "min(value_num), max(value_num), sum(value_num), count(value_num) from telemetry_datapoint "
            + "where vin = ? and observed_at >= date_bin('1 hour', ?::timestamptz, timestamptz '1970-01-01 00:00:00+00') "
            + "and observed_at < date_bin('1 hour', ?::timestamptz, timestamptz '1970-01-01 00:00:00+00') + interval '1 hour' "
            + "and value_num is not null group by 1, 2, 3 "
            + "on conflict (vin, signal, bucket_start) do update set min_value = excluded.min_value, "
            + "max_value = excluded.max_value, sum_value = excluded.sum_value, value_count = excluded.value_count";

    /** What one run did. */
    public record Report(int partitionsCreated, int vehiclesRolledUp, int partitionsDropped, int rollupsDeleted) {
    }

    private final DataSource dataSource;
    private final RetentionPolicy retention;
    private final Clock clock;
    private final int partitionsAhead;
    private final boolean enabled;

    public TelemetryMaintenance(DataSource dataSource, RetentionPolicy retention, Clock clock,
            @ConfigProperty(name = "chezhu.telematics.maintenance.partitions-ahead") int partitionsAhead,
            @ConfigProperty(name = "chezhu.telematics.maintenance.enabled") boolean enabled) {
        this.dataSource = dataSource;
        this.retention = retention;
        this.clock = clock;
        this.partitionsAhead = partitionsAhead;
        this.enabled = enabled;
    }

    /** Partitions exist before the first datapoint arrives. */
    void onStart(@Observes StartupEvent event) {
        try {
            ensurePartitions(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), partitionsAhead);
        } catch (SQLException e) {
            LOG.warn("Could not create the daily partitions at start; the scheduled job will retry", e);
        }
    }

    @Scheduled(every = "${chezhu.telematics.maintenance.every}", delayed = "${chezhu.telematics.maintenance.delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!enabled) {
            return;
        }
        try {
            Report report = runAll();
            LOG.infof("Telemetry maintenance: %s", report);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Telemetry maintenance failed; it runs again at the next interval", e);
        }
    }

    /** All three jobs with the configured retention, unless another replica holds the lock. */
    public Report runAll() throws SQLException {
        Instant now = clock.instant();
        try (Connection lock = dataSource.getConnection()) {
            if (!tryLock(lock)) {
                return new Report(0, 0, 0, 0);
            }
            try {
                int created = ensurePartitions(LocalDate.ofInstant(now, ZoneOffset.UTC), partitionsAhead);
                int vehicles = rollup(now.minus(ROLLUP_LAG), retention.rawCutoff(now));
                int dropped = dropRawBefore(retention.rawCutoff(now));
                int deleted = dropRollupsBefore(retention.rollupCutoff(now));
                return new Report(created, vehicles, dropped, deleted);
            } finally {
                try (PreparedStatement unlock = lock.prepareStatement("select pg_advisory_unlock(?)")) {
                    unlock.setLong(1, LOCK_ID);
                    unlock.execute();
                }
            }
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, LOCK_ID);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /** Partitions for the day before {@code today} through {@code today + ahead}; how many were created. */
    public int ensurePartitions(LocalDate today, int ahead) throws SQLException {
        int created = 0;
        for (int d = -1; d <= ahead; d++) {
            created += ensurePartition(today.plusDays(d)) ? 1 : 0;
        }
        return created;
    }

    /** The partition of one UTC day (rows of that day already in the default partition are moved into it). */
    public boolean ensurePartition(LocalDate day) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement ensure = connection.prepareStatement("select telematics_ensure_partition(?)")) {
            connection.setAutoCommit(true);
            ensure.setObject(1, day);
            try (ResultSet row = ensure.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /**
     * Recomputes the hourly rollups of every (vehicle, hour) touched by batches received between the
     * watermark and {@code upTo}, for hours not older than {@code rawCutoff} (older raw rows may be
     * gone: their rollups are final). Moves the watermark to {@code upTo}. Returns the vehicles done.
     */
    public int rollup(Instant upTo, Instant rawCutoff) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Instant watermark = Instant.EPOCH;
                try (PreparedStatement read = connection.prepareStatement(
                        "select watermark from telemetry_job_watermark where job = ? for update")) {
                    read.setString(1, ROLLUP_JOB);
                    try (ResultSet row = read.executeQuery()) {
                        if (row.next()) {
                            watermark = row.getTimestamp(1).toInstant();
                        }
                    }
                }
                if (!upTo.isAfter(watermark)) {
                    connection.rollback();
                    return 0;
                }
                List<Object[]> touched = new ArrayList<>();
                try (PreparedStatement batches = connection.prepareStatement("select vin, min(min_observed_at), "
                        + "max(max_observed_at) from telemetry_batch where received_at >= ? and received_at < ? "
                        + "and stored_count > 0 group by vin")) {
                    batches.setTimestamp(1, Timestamp.from(watermark));
                    batches.setTimestamp(2, Timestamp.from(upTo));
                    try (ResultSet rows = batches.executeQuery()) {
                        while (rows.next()) {
                            touched.add(new Object[] { rows.getString(1), rows.getTimestamp(2).toInstant(),
                                    rows.getTimestamp(3).toInstant() });
                        }
                    }
                }
                int vehicles = 0;
                try (PreparedStatement rollup = connection.prepareStatement(ROLLUP)) {
                    for (Object[] vehicle : touched) {
                        Instant from = (Instant) vehicle[1];
                        Instant to = (Instant) vehicle[2];
                        if (from.isBefore(rawCutoff)) {
                            from = rawCutoff;
                        }
                        if (to.isBefore(from)) {
                            continue;
                        }
                        rollup.setString(1, (String) vehicle[0]);
                        rollup.setTimestamp(2, Timestamp.from(from));
                        rollup.setTimestamp(3, Timestamp.from(to));
                        rollup.executeUpdate();
                        vehicles++;
                    }
                }
                try (PreparedStatement write = connection.prepareStatement("insert into telemetry_job_watermark "
                        + "(job, watermark) values (?, ?) on conflict (job) do update set watermark = excluded.watermark")) {
                    write.setString(1, ROLLUP_JOB);
                    write.setTimestamp(2, Timestamp.from(upTo));
                    write.executeUpdate();
                }
                connection.commit();
                return vehicles;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Drops the daily partitions ending at or before the cutoff (and older rows of the default partition). */
    public int dropRawBefore(Instant cutoff) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement drop = connection.prepareStatement("select telematics_drop_raw_before(?)")) {
            connection.setAutoCommit(true);
            drop.setTimestamp(1, Timestamp.from(cutoff));
            try (ResultSet row = drop.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    public int dropRollupsBefore(Instant cutoff) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "delete from telemetry_rollup_hourly where bucket_start < ?")) {
            connection.setAutoCommit(true);
            delete.setTimestamp(1, Timestamp.from(cutoff));
            return delete.executeUpdate();
        }
    }
}
