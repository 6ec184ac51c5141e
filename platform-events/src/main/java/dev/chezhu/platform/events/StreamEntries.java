package dev.chezhu.platform.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.google.protobuf.ByteString;

/**
 * An envelope as the fields of a Redis stream entry: {@code event_id}, {@code type}, {@code source},
 * {@code subject}, {@code occurred_at} (ISO-8601), {@code traceparent} (only when present) as UTF-8
 * text and {@code payload} as the raw protobuf bytes.
 */
final class StreamEntries {

    static final String EVENT_ID = "event_id";
    static final String TYPE = "type";
    static final String SOURCE = "source";
    static final String SUBJECT = "subject";
    static final String OCCURRED_AT = "occurred_at";
    static final String TRACEPARENT = "traceparent";
    static final String PAYLOAD = "payload";

    private StreamEntries() {
    }

    static Map<String, byte[]> fields(Envelope event) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put(EVENT_ID, utf8(event.eventId().toString()));
        fields.put(TYPE, utf8(event.type()));
        fields.put(SOURCE, utf8(event.source()));
        fields.put(SUBJECT, utf8(event.subject()));
        fields.put(OCCURRED_AT, utf8(event.occurredAt().toString()));
        if (event.traceparent() != null) {
            fields.put(TRACEPARENT, utf8(event.traceparent()));
        }
        fields.put(PAYLOAD, event.payload().toByteArray());
        return fields;
    }

    /**
     * @throws IllegalArgumentException when a required field is missing or malformed
     */
    static Envelope envelope(Map<String, byte[]> fields) {
        if (fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("empty stream entry");
        }
        try {
            return new Envelope(UUID.fromString(text(fields, EVENT_ID)), text(fields, TYPE), text(fields, SOURCE),
                    text(fields, SUBJECT), Instant.parse(text(fields, OCCURRED_AT)),
                    fields.containsKey(TRACEPARENT) ? text(fields, TRACEPARENT) : null,
                    ByteString.copyFrom(required(fields, PAYLOAD)));
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException iae ? iae
                    : new IllegalArgumentException("malformed stream entry: " + e.getMessage(), e);
        }
    }

    static String text(Map<String, byte[]> fields, String name) {
        return new String(required(fields, name), StandardCharsets.UTF_8);
    }

    static String textOrNull(Map<String, byte[]> fields, String name) {
        byte[] value = fields.get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] required(Map<String, byte[]> fields, String name) {
        byte[] value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("stream entry without " + name);
        }
        return value;
    }
}
