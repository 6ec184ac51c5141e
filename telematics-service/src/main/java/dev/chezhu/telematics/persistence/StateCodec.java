package dev.chezhu.telematics.persistence;

import java.time.Instant;
import java.util.ArrayList;
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

/**
 * The compact text form of a signal's latest value in the Redis state hash:
 * {@code <observe time in epoch microseconds>|<kind>:<value>}, e.g. {@code 1764064800123456|d:12.5}.
 * Kinds: d number, i integer, b boolean (1/0), s string, D number array, S string array (arrays as
 * JSON). The leading time lets the update script keep the newest value without decoding the rest.
 */
public final class StateCodec {

    private StateCodec() {
    }

    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** The value part ({@code <kind>:<value>}). */
    public static String encodeValue(TelemetryValue value) {
        if (value instanceof NumberValue v) {
            return "d:" + v.value();
        }
        if (value instanceof IntegerValue v) {
            return "i:" + v.value();
        }
        if (value instanceof BooleanValue v) {
            return v.value() ? "b:1" : "b:0";
        }
        if (value instanceof TextValue v) {
            return "s:" + v.value();
        }
        if (value instanceof NumberList v) {
            return "D:" + new JsonArray(List.copyOf(v.values())).encode();
        }
        if (value instanceof TextList v) {
            return "S:" + new JsonArray(List.copyOf(v.values())).encode();
        }
        throw new IllegalStateException("unhandled value kind " + value.getClass());
    }

    /** The whole stored form, as the update script writes it. */
    public static String encode(SignalReading reading) {
        return micros(reading.observedAt()) + "|" + encodeValue(reading.value());
    }

    public static SignalReading decode(String signal, String stored) {
        int bar = stored.indexOf('|');
        if (bar < 1 || stored.length() < bar + 3 || stored.charAt(bar + 2) != ':') {
            throw new IllegalArgumentException("not a state value: kind missing");
        }
        Instant observedAt = instant(Long.parseLong(stored.substring(0, bar)));
        char kind = stored.charAt(bar + 1);
        String payload = stored.substring(bar + 3);
        TelemetryValue value = switch (kind) {
            case 'd' -> new NumberValue(Double.parseDouble(payload));
            case 'i' -> new IntegerValue(Long.parseLong(payload));
            case 'b' -> new BooleanValue(payload.equals("1"));
            case 's' -> new TextValue(payload);
            case 'D' -> new NumberList(numbers(new JsonArray(payload)));
            case 'S' -> new TextList(texts(new JsonArray(payload)));
            default -> throw new IllegalArgumentException("not a state value: unknown kind " + kind);
        };
        return new SignalReading(signal, value, observedAt);
    }

    private static List<Double> numbers(JsonArray array) {
        List<Double> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            values.add(((Number) array.getValue(i)).doubleValue());
        }
        return values;
    }

    private static List<String> texts(JsonArray array) {
        List<String> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            values.add(array.getString(i));
        }
        return values;
    }
}
