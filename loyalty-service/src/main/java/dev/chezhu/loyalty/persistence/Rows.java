package dev.chezhu.loyalty.persistence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Column values of native query rows, whatever Java type the driver chose for them. */
final class Rows {

    private Rows() {
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass());
    }

    static long longValue(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    static int intValue(Object value) {
        return value == null ? 0 : ((Number) value).intValue();
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    static boolean bool(Object value) {
        return value != null && (Boolean) value;
    }

    static UUID uuid(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof UUID uuid ? uuid : UUID.fromString(value.toString());
    }

    /** A comma-separated list column; empty text = empty list. */
    static List<String> list(Object value) {
        String text = text(value);
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }

    static String joined(List<String> values) {
        return String.join(",", values);
    }
}
