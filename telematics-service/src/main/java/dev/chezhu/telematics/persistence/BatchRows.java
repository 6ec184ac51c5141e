package dev.chezhu.telematics.persistence;

import java.time.Instant;
import java.util.List;

import dev.chezhu.telematics.domain.SignalReading;
import dev.chezhu.telematics.domain.TelemetryValue;
import dev.chezhu.telematics.domain.TelemetryValue.BooleanValue;
import dev.chezhu.telematics.domain.TelemetryValue.IntegerValue;
import dev.chezhu.telematics.domain.TelemetryValue.NumberList;
import dev.chezhu.telematics.domain.TelemetryValue.NumberValue;
import dev.chezhu.telematics.domain.TelemetryValue.TextList;
import dev.chezhu.telematics.domain.TelemetryValue.TextValue;
import io.vertx.core.json.JsonArray;

/** The SQL shapes both writers share, and the encodings of a reading into row columns. */
final class BatchRows {

    static final String DATAPOINT_COLUMNS = "vin, signal, observed_at, value_num, value_bool, value_text, value_json, "
            + "session_id, sequence";

    private BatchRows() {
    }

    static Instant minObserved(List<SignalReading> readings) {
        Instant min = null;
        for (SignalReading r : readings) {
            if (min == null || r.observedAt().isBefore(min)) {
                min = r.observedAt();
            }
        }
        return min;
    }

    static Instant maxObserved(List<SignalReading> readings) {
        Instant max = null;
        for (SignalReading r : readings) {
            if (max == null || r.observedAt().isAfter(max)) {
                max = r.observedAt();
            }
        }
        return max;
    }

    static Double number(TelemetryValue value) {
        if (value instanceof NumberValue v) {
            return v.value();
        }
        if (value instanceof IntegerValue v) {
            return (double) v.value();
        }
        return null;
    }

    static Boolean bool(TelemetryValue value) {
        return value instanceof BooleanValue v ? v.value() : null;
    }

    static String text(TelemetryValue value) {
        return value instanceof TextValue v ? v.value() : null;
    }

    static String json(TelemetryValue value) {
        if (value instanceof NumberList v) {
            return new JsonArray(List.copyOf(v.values())).encode();
        }
        if (value instanceof TextList v) {
            return new JsonArray(List.copyOf(v.values())).encode();
        }
        return null;
    }
}
