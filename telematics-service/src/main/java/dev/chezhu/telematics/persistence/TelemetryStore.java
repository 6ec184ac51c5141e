package dev.chezhu.telematics.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.chezhu.telematics.domain.SignalReading;
import dev.chezhu.telematics.domain.TelemetryValue;
import dev.chezhu.telematics.domain.TelemetryValue.BooleanValue;
import dev.chezhu.telematics.domain.TelemetryValue.IntegerValue;
import dev.chezhu.telematics.domain.TelemetryValue.NumberList;
import dev.chezhu.telematics.domain.TelemetryValue.NumberValue;
import dev.chezhu.telematics.domain.TelemetryValue.TextList;
import dev.chezhu.telematics.domain.TelemetryValue.TextValue;
import dev.chezhu.telematics.domain.ValidatedBatch;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Batches and datapoints in PostgreSQL. Datapoints are inserted set-wise: each statement carries up
 * to {@link #ROWS_PER_STATEMENT} rows as one JSON parameter expanded by jsonb_to_recordset, so a
 * 5000-datapoint batch is a handful of statements with one fixed SQL text (one prepared statement,
 * no bind-parameter limit). Callers own the transaction.
 */
@ApplicationScoped
@WithSession
public class TelemetryStore {

    static final int ROWS_PER_STATEMENT = 1000;

    private static final String INSERT_BATCH = "insert into telemetry_batch "
            + "(vin, session_id, sequence, received_at, datapoint_count, stored_count, content_digest) "
            + "values (:vin, :session, :sequence, :receivedAt, :datapoints, :stored, :digest) "
            + "on conflict (vin, session_id, sequence) do nothing";

    private static final String INSERT_DATAPOINTS = "insert into telemetry_datapoint "
            + "(vin, signal, observed_at, value_num, value_bool, value_text, value_json, session_id, sequence) "
            + "select cast(:vin as text), r.signal, r.observed_at, r.value_num, r.value_bool, r.value_text, r.value_json, "
            + "cast(:session as text), cast(:sequence as bigint) "
            + "from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(signal text, observed_at timestamptz, "
            + "value_num double precision, value_bool boolean, value_text text, value_json jsonb)";

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** Inserts the batch key; false when the batch had been received before (nothing inserted). */
    public Uni<Boolean> insertBatch(ValidatedBatch batch, Instant receivedAt) {
        return session().flatMap(s -> s.createNativeQuery(INSERT_BATCH)
                .setParameter("vin", batch.vin())
                .setParameter("session", batch.sessionId())
                .setParameter("sequence", batch.sequence())
                .setParameter("receivedAt", receivedAt)
                .setParameter("datapoints", batch.datapointCount())
                .setParameter("stored", batch.accepted().size())
                .setParameter("digest", batch.contentDigest())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    public Uni<Optional<TelemetryBatchEntity>> findBatch(String vin, String sessionId, long sequence) {
        return session().flatMap(s -> s.find(TelemetryBatchEntity.class, new BatchKey(vin, sessionId, sequence)))
                .map(Optional::ofNullable);
    }

    /** Highest sequence stored for the vehicle's session (visible to this transaction). */
    public Uni<Long> highestSequence(String vin, String sessionId) {
        return session().flatMap(s -> s
                .createSelectionQuery("select max(b.key.sequence) from TelemetryBatchEntity b "
                        + "where b.key.vin = :vin and b.key.sessionId = :session", Long.class)
                .setParameter("vin", vin)
                .setParameter("session", sessionId)
                .getSingleResult())
                .map(max -> max == null ? 0L : max);
    }

    /** Inserts the readings of one batch, {@link #ROWS_PER_STATEMENT} per statement. */
    public Uni<Void> insertDatapoints(String vin, String sessionId, long sequence, List<SignalReading> readings) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < readings.size(); from += ROWS_PER_STATEMENT) {
            String rows = rowsJson(readings.subList(from, Math.min(from + ROWS_PER_STATEMENT, readings.size())));
            chain = chain.flatMap(v -> session().flatMap(s -> s.createNativeQuery(INSERT_DATAPOINTS)
                    .setParameter("vin", vin)
                    .setParameter("session", sessionId)
                    .setParameter("sequence", sequence)
                    .setParameter("rows", rows)
                    .executeUpdate()))
                    .replaceWithVoid();
        }
        return chain;
    }

    /** The rows as a JSON array of objects whose keys are the recordset's columns. */
    static String rowsJson(List<SignalReading> readings) {
        JsonArray rows = new JsonArray();
        for (SignalReading reading : readings) {
            JsonObject row = new JsonObject()
                    .put("signal", reading.signal())
                    .put("observed_at", reading.observedAt().toString());
            putValue(row, reading.value());
            rows.add(row);
        }
        return rows.encode();
    }

    private static void putValue(JsonObject row, TelemetryValue value) {
        if (value instanceof NumberValue v) {
            row.put("value_num", v.value());
        } else if (value instanceof IntegerValue v) {
            row.put("value_num", v.value());
        } else if (value instanceof BooleanValue v) {
            row.put("value_bool", v.value());
        } else if (value instanceof TextValue v) {
            row.put("value_text", v.value());
        } else if (value instanceof NumberList v) {
            row.put("value_json", new JsonArray(List.copyOf(v.values())));
        } else if (value instanceof TextList v) {
            row.put("value_json", new JsonArray(List.copyOf(v.values())));
        } else {
            throw new IllegalStateException("unhandled value kind " + value.getClass());
        }
    }
}
