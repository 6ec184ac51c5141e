package dev.chezhu.telematics.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.telematics.domain.SignalAggregate;
import dev.chezhu.telematics.domain.SignalDefinition;
import dev.chezhu.telematics.domain.SignalReading;
import dev.chezhu.telematics.domain.TelemetryValue;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads history with the reactive client. Buckets combine raw datapoints (where raw rows are kept)
 * with hourly rollups (older than that): both sides are grouped into the same epoch-aligned buckets
 * and merged, min of mins, max of maxes, sum of sums over sum of counts.
 */
@ApplicationScoped
public class SignalHistoryStore {

    static final String RAW = "select observed_at, value_num, value_bool, value_text, value_json::text "
            + "from telemetry_datapoint where vin = $1 and signal = $2 and observed_at >= $3 and observed_at < $4 "
            + "order by observed_at, session_id, sequence, value_num, value_text limit $5 offset $6";

    static final String BUCKETS = "with parts as ("
            + " select date_bin(make_interval(secs => $5), observed_at, timestamptz '1970-01-01 00:00:00+00') as b,"
            + "  min(value_num) as mn, max(value_num) as mx, sum(value_num) as sm, count(value_num) as c"
            + " from telemetry_datapoint where vin = $1 and signal = $2 and observed_at >= $3 and observed_at < $4"
            + "  and value_num is not null group by 1"
            + " union all"
            + " select date_bin(make_interval(secs => $5), bucket_start, timestamptz '1970-01-01 00:00:00+00'),"
            + "  min(min_value), max(max_value), sum(sum_value), sum(value_count)"
            + " from telemetry_rollup_hourly where vin = $1 and signal = $2 and bucket_start >= $6 and bucket_start < $7"
            + " group by 1)"
            + " select b, min(mn), max(mx), sum(sm) / sum(c), sum(c)::bigint from parts group by b order by b limit $8";

    private final Pool pool;

    public SignalHistoryStore(Pool pool) {
        this.pool = pool;
    }

    static OffsetDateTime odt(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Raw readings in [from, to), oldest first. */
    public Uni<List<SignalReading>> raw(String vin, SignalDefinition signal, Instant from, Instant to, int limit,
            int offset) {
        return pool.preparedQuery(RAW)
                .execute(Tuple.from(List.of(vin, signal.path(), odt(from), odt(to), limit, offset)))
                .map(rows -> {
                    List<SignalReading> readings = new ArrayList<>();
                    for (Row row : rows) {
                        readings.add(new SignalReading(signal.path(), value(signal, row),
                                row.getOffsetDateTime(0).toInstant()));
                    }
                    return readings;
                });
    }

    /** Buckets of {@code bucketSeconds}: raw rows in [rawFrom, rawTo), hourly rollups in [rollupFrom, rollupTo). */
    public Uni<List<SignalAggregate>> buckets(String vin, String signal, long bucketSeconds, Instant rawFrom,
            Instant rawTo, Instant rollupFrom, Instant rollupTo, int limit) {
        return pool.preparedQuery(BUCKETS)
                .execute(Tuple.from(List.of(vin, signal, odt(rawFrom), odt(rawTo), (double) bucketSeconds,
                        odt(rollupFrom), odt(rollupTo), limit)))
                .map(rows -> {
                    List<SignalAggregate> buckets = new ArrayList<>();
                    for (Row row : rows) {
                        buckets.add(new SignalAggregate(row.getOffsetDateTime(0).toInstant(), row.getDouble(1),
                                row.getDouble(2), row.getDouble(3), row.getLong(4)));
                    }
                    return buckets;
                });
    }

    /** Daily mean of the cell voltage spread (mV) from every stored cell voltage array in [from, to). */
    public Uni<List<SignalAggregate>> dailyCellSpread(String vin, String signal, Instant from, Instant to) {
        return pool.preparedQuery("select date_bin('1 day', observed_at, timestamptz '1970-01-01 00:00:00+00') as d, "
                + "min(spread), max(spread), avg(spread), count(*) from ("
                + " select observed_at, (select (max(e::float8) - min(e::float8)) * 1000"
                + "  from jsonb_array_elements_text(value_json) e) as spread"
                + " from telemetry_datapoint where vin = $1 and signal = $2 and observed_at >= $3 and observed_at < $4"
                + "  and jsonb_array_length(value_json) >= 2) s group by d order by d")
                .execute(Tuple.of(vin, signal, odt(from), odt(to)))
                .map(rows -> {
                    List<SignalAggregate> days = new ArrayList<>();
                    for (Row row : rows) {
                        days.add(new SignalAggregate(row.getOffsetDateTime(0).toInstant(), row.getDouble(1),
                                row.getDouble(2), row.getDouble(3), row.getLong(4)));
                    }
                    return days;
                });
    }

    private static TelemetryValue value(SignalDefinition signal, Row row) {
        Double number = row.getDouble(1);
        if (number != null) {
            return signal.type().base().integral() ? new TelemetryValue.IntegerValue(Math.round(number))
                    : new TelemetryValue.NumberValue(number);
        }
        Boolean bool = row.getBoolean(2);
        if (bool != null) {
            return new TelemetryValue.BooleanValue(bool);
        }
        String text = row.getString(3);
        if (text != null) {
            return new TelemetryValue.TextValue(text);
        }
        JsonArray array = new JsonArray(row.getString(4));
        if (signal.type().wireField().equals("string_array")) {
            List<String> values = new ArrayList<>();
            array.forEach(v -> values.add(String.valueOf(v)));
            return new TelemetryValue.TextList(values);
        }
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(((Number) v).doubleValue()));
        return new TelemetryValue.NumberList(values);
    }
}
