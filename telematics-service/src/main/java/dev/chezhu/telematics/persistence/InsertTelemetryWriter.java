package dev.chezhu.telematics.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import dev.chezhu.telematics.domain.SignalReading;
import dev.chezhu.telematics.domain.ValidatedBatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Datapoints go in with one multi-row {@code INSERT ... SELECT FROM unnest($4::text[], ...)} per
 * batch through the reactive PostgreSQL client: one fixed statement, the columns as binary arrays,
 * no bind-parameter limit and no JSON parsing in the database.
 */
public class InsertTelemetryWriter implements TelemetryWriter {

    static final String INSERT_BATCH = "insert into telemetry_batch (vin, session_id, sequence, received_at, "
            + "datapoint_count, stored_count, content_digest, consent_withheld, min_observed_at, max_observed_at) "
            + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (vin, session_id, sequence) do nothing";
    static final String FIND_BATCH = "select content_digest, consent_withheld from telemetry_batch "
            + "where vin = $1 and session_id = $2 and sequence = $3";
    static final String HIGHEST = "select coalesce(max(sequence), 0) from telemetry_batch where vin = $1 and session_id = $2";
    static final String INSERT_DATAPOINTS = "insert into telemetry_datapoint (" + BatchRows.DATAPOINT_COLUMNS + ") "
            + "select $1, u.s, u.t, u.n, u.b, u.x, u.j::jsonb, $2, $3 "
            + "from unnest($4::text[], $5::timestamptz[], $6::float8[], $7::bool[], $8::text[], $9::text[]) "
            + "as u(s, t, n, b, x, j)";

    private final Pool pool;

    public InsertTelemetryWriter(Pool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "insert";
    }

    private static OffsetDateTime odt(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public Uni<StoreOutcome> store(ValidatedBatch batch, Instant receivedAt, boolean consentWithheld) {
        List<SignalReading> readings = consentWithheld ? List.of() : batch.accepted();
        return pool.withTransaction(connection -> connection.preparedQuery(INSERT_BATCH)
                .execute(Tuple.from(java.util.Arrays.asList( batch.vin(), batch.sessionId(), batch.sequence(), odt(receivedAt),
                        batch.datapointCount(), readings.size(), batch.contentDigest(), consentWithheld,
                        odt(BatchRows.minObserved(readings)), odt(BatchRows.maxObserved(readings)))))
                .flatMap(result -> result.rowCount() == 1
                        ? insertDatapoints(connection, batch, readings)
                                .flatMap(v -> highest(connection, batch.vin(), batch.sessionId()))
                                .map(highest -> new StoreOutcome(true, batch.contentDigest(), consentWithheld, highest))
                        : connection.preparedQuery(FIND_BATCH)
                                .execute(Tuple.of(batch.vin(), batch.sessionId(), batch.sequence()))
                                .flatMap(rows -> {
                                    Row row = rows.iterator().next();
                                    return highest(connection, batch.vin(), batch.sessionId())
                                            .map(highest -> new StoreOutcome(false, row.getString(0),
                                                    row.getBoolean(1), highest));
                                })));
    }

    @Override
    public Uni<Long> highestSequence(String vin, String sessionId) {
        return pool.preparedQuery(HIGHEST).execute(Tuple.of(vin, sessionId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Uni<Long> highest(SqlConnection connection, String vin, String sessionId) {
        return connection.preparedQuery(HIGHEST).execute(Tuple.of(vin, sessionId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Uni<Void> insertDatapoints(SqlConnection connection, ValidatedBatch batch,
            List<SignalReading> readings) {
        if (readings.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = readings.size();
        String[] signals = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        Double[] numbers = new Double[n];
        Boolean[] bools = new Boolean[n];
        String[] texts = new String[n];
        String[] jsons = new String[n];
        for (int i = 0; i < n; i++) {
            SignalReading r = readings.get(i);
            signals[i] = r.signal();
            times[i] = odt(r.observedAt());
            numbers[i] = BatchRows.number(r.value());
            bools[i] = BatchRows.bool(r.value());
            texts[i] = BatchRows.text(r.value());
            jsons[i] = BatchRows.json(r.value());
        }
        return connection.preparedQuery(INSERT_DATAPOINTS)
                .execute(Tuple.from(java.util.Arrays.asList( batch.vin(), batch.sessionId(), batch.sequence(), signals, times,
                        numbers, bools, texts, jsons)))
                .replaceWithVoid();
    }
}
