package dev.chezhu.telematics.persistence;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import dev.chezhu.telematics.domain.SignalReading;
import dev.chezhu.telematics.domain.TelemetryValue;
import dev.chezhu.telematics.domain.TelemetryValue.BooleanValue;
import dev.chezhu.telematics.domain.TelemetryValue.IntegerValue;
import dev.chezhu.telematics.domain.TelemetryValue.NumberValue;
import dev.chezhu.telematics.domain.ValidatedBatch;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Datapoints go in with {@code COPY telemetry_datapoint FROM STDIN} (text format) through the JDBC
 * driver's CopyManager, in the same JDBC transaction as the batch key. JDBC blocks, so the work runs
 * on a Vert.x worker thread ({@code executeBlocking}) and the answer comes back on the caller's
 * event-loop context; the JDBC pool size bounds how many batches write at once.
 */
public class CopyTelemetryWriter implements TelemetryWriter {

    static final String INSERT_BATCH = "insert into telemetry_batch (vin, session_id, sequence, received_at, "
            + "datapoint_count, stored_count, content_digest, consent_withheld, min_observed_at, max_observed_at) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (vin, session_id, sequence) do nothing";
    static final String FIND_BATCH = "select content_digest, consent_withheld from telemetry_batch "
            + "where vin = ? and session_id = ? and sequence = ?";
    static final String HIGHEST = "select coalesce(max(sequence), 0) from telemetry_batch where vin = ? and session_id = ?";
    static final String COPY = "copy telemetry_datapoint (" + BatchRows.DATAPOINT_COLUMNS + ") from stdin";

    private final DataSource dataSource;
    private final Tracer tracer;

    public CopyTelemetryWriter(DataSource dataSource, Tracer tracer) {
        this.dataSource = dataSource;
        this.tracer = tracer;
    }

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public Uni<StoreOutcome> store(ValidatedBatch batch, Instant receivedAt, boolean consentWithheld) {
        return blocking(() -> storeBlocking(batch, receivedAt, consentWithheld));
    }

    @Override
    public Uni<Long> highestSequence(String vin, String sessionId) {
        return blocking(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return highest(connection, vin, sessionId);
            }
        });
    }

    /** Runs JDBC work off the event loop and resumes on the caller's Vert.x context. */
    static <T> Uni<T> blocking(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(work, false).toCompletionStage());
    }

    StoreOutcome storeBlocking(ValidatedBatch batch, Instant receivedAt, boolean consentWithheld) throws SQLException {
        Span span = tracer.spanBuilder("COPY telemetry_datapoint").setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system", "postgresql")
                .setAttribute("db.operation", "COPY")
                .setAttribute("db.sql.table", "telemetry_datapoint")
                .startSpan();
        try (Scope ignored = span.makeCurrent(); Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                StoreOutcome outcome = write(connection, batch, receivedAt, consentWithheld);
                connection.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            span.setStatus(StatusCode.ERROR);
            span.recordException(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private StoreOutcome write(Connection connection, ValidatedBatch batch, Instant receivedAt, boolean consentWithheld)
            throws SQLException {
        List<SignalReading> readings = consentWithheld ? List.of() : batch.accepted();
        boolean inserted;
        try (PreparedStatement insert = connection.prepareStatement(INSERT_BATCH)) {
            insert.setString(1, batch.vin());
            insert.setString(2, batch.sessionId());
            insert.setLong(3, batch.sequence());
            insert.setTimestamp(4, Timestamp.from(receivedAt));
            insert.setInt(5, batch.datapointCount());
            insert.setInt(6, readings.size());
            insert.setString(7, batch.contentDigest());
            insert.setBoolean(8, consentWithheld);
            Instant min = BatchRows.minObserved(readings);
            Instant max = BatchRows.maxObserved(readings);
            insert.setTimestamp(9, min == null ? null : Timestamp.from(min));
            insert.setTimestamp(10, max == null ? null : Timestamp.from(max));
            inserted = insert.executeUpdate() == 1;
        }
        if (!inserted) {
            try (PreparedStatement find = connection.prepareStatement(FIND_BATCH)) {
                find.setString(1, batch.vin());
                find.setString(2, batch.sessionId());
                find.setLong(3, batch.sequence());
                try (ResultSet row = find.executeQuery()) {
                    row.next();
                    return new StoreOutcome(false, row.getString(1), row.getBoolean(2),
                            highest(connection, batch.vin(), batch.sessionId()));
                }
            }
        }
        if (!readings.isEmpty()) {
            copy(connection, batch, readings);
        }
        return new StoreOutcome(true, batch.contentDigest(), consentWithheld,
                highest(connection, batch.vin(), batch.sessionId()));
    }

    private static long highest(Connection connection, String vin, String sessionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(HIGHEST)) {
            query.setString(1, vin);
            query.setString(2, sessionId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void copy(Connection connection, ValidatedBatch batch, List<SignalReading> readings)
            throws SQLException {
        byte[] rows = copyText(batch.vin(), batch.sessionId(), batch.sequence(), readings)
                .getBytes(StandardCharsets.UTF_8);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            copy.writeToCopy(rows, 0, rows.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** Rows in COPY text format: tab-separated, \N for null, backslash escapes. */
    public static String copyText(String vin, String sessionId, long sequence, List<SignalReading> readings) {
        StringBuilder out = new StringBuilder(readings.size() * 96);
        String tail = "\t" + escape(sessionId) + "\t" + sequence + "\n";
        String head = escape(vin) + "\t";
        for (SignalReading reading : readings) {
            out.append(head).append(escape(reading.signal())).append('\t').append(reading.observedAt()).append('\t');
            TelemetryValue value = reading.value();
            if (value instanceof NumberValue v) {
                out.append(v.value()).append("\t\\N\t\\N\t\\N");
            } else if (value instanceof IntegerValue v) {
                out.append(v.value()).append("\t\\N\t\\N\t\\N");
            } else if (value instanceof BooleanValue v) {
                out.append("\\N\t").append(v.value() ? 't' : 'f').append("\t\\N\t\\N");
            } else {
                String text = BatchRows.text(value);
                if (text != null) {
                    out.append("\\N\t\\N\t").append(escape(text)).append("\t\\N");
                } else {
                    out.append("\\N\t\\N\t\\N\t").append(escape(BatchRows.json(value)));
                }
            }
            out.append(tail);
        }
        return out.toString();
    }

    static String escape(String text) {
        boolean plain = true;
        for (int i = 0; i < text.length() && plain; i++) {
            char c = text.charAt(i);
            plain = c != '\\' && c != '\t' && c != '\n' && c != '\r';
        }
        if (plain) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
