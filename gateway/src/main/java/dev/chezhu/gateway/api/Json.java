package dev.chezhu.gateway.api;

import java.time.Instant;

import com.google.protobuf.Timestamp;

/** Small conversions shared by the resources' JSON views. */
final class Json {

    private Json() {
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp.getSeconds() == 0 && timestamp.getNanos() == 0 ? null
                : Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** Enum constant without its AIP prefix, lower case: IDENTIFIER_TYPE_PHONE → phone. */
    static String enumName(Enum<?> value, String prefix) {
        return value.name().startsWith(prefix) ? value.name().substring(prefix.length()).toLowerCase() : "unspecified";
    }

    /** The wire constant for a JSON enum value, or the UNSPECIFIED one for null/unknown (the service says why). */
    static <E extends Enum<E>> E wireEnum(Class<E> type, String prefix, String value) {
        if (value == null || value.isBlank()) {
            return Enum.valueOf(type, prefix + "UNSPECIFIED");
        }
        try {
            return Enum.valueOf(type, prefix + value.trim().toUpperCase());
        } catch (IllegalArgumentException unknown) {
            return Enum.valueOf(type, prefix + "UNSPECIFIED");
        }
    }
}
