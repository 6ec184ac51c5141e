package dev.chezhu.platform.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

/**
 * One domain event as it travels: who produced it, about what, when, the trace it belongs to, and
 * the protobuf payload as bytes.
 *
 * @param eventId unique per event; consumers deduplicate on it
 * @param type full protobuf name of the payload, e.g. {@code chezhu.identity.v1.PersonMerged}
 * @param source producing service ({@code quarkus.application.name})
 * @param subject the aggregate the event is about, e.g. {@code persons/{id}}
 * @param occurredAt when the producer published it (inside its transaction)
 * @param traceparent W3C trace context of the producer's span, or {@code null} when there was none
 * @param payload the serialized protobuf message
 */
public record Envelope(UUID eventId, String type, String source, String subject, Instant occurredAt,
        String traceparent, ByteString payload) {

    public Envelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
    }

    /** The type name an event carrying this message has. */
    public static String typeOf(Message message) {
        return message.getDescriptorForType().getFullName();
    }

    /** Whether the payload is a {@code prototype}'s message type. */
    public boolean is(Message prototype) {
        return type.equals(typeOf(prototype));
    }

    /**
     * The payload parsed, e.g. {@code event.payloadAs(PersonMerged.parser())}.
     *
     * @throws IllegalArgumentException when the bytes are not a valid message of that type
     */
    public <T extends Message> T payloadAs(Parser<T> parser) {
        try {
            return parser.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("payload of event " + eventId + " is not a valid " + type, e);
        }
    }
}
