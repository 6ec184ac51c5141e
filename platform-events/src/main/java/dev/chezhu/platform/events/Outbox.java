package dev.chezhu.platform.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.google.protobuf.Message;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Publishes domain events through the transactional outbox: the event is a row written in the
 * caller's Hibernate Reactive transaction, so it exists if and only if the change it describes
 * commits. The {@link OutboxRelay} appends committed rows to the topic's Redis stream.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "insert into outbox_event "
            + "(event_id, topic, type, source, subject, occurred_at, traceparent, payload) "
            + "values (:eventId, :topic, :type, :source, :subject, :occurredAt, :traceparent, :payload)";

    private final Tracer tracer;
    private final String source;

    public Outbox(Tracer tracer, @ConfigProperty(name = "quarkus.application.name") String source) {
        this.tracer = tracer;
        this.source = source;
    }

    /**
     * Records {@code payload} as an event of {@code topic} about {@code subject} in the current
     * transaction. Call it from a {@code @WithTransaction} method (it fails otherwise); the event is
     * relayed only after that transaction commits and is dropped if it rolls back.
     *
     * @param topic e.g. {@link Topics#IDENTITY}; the stream is {@code chezhu:events:<topic>}
     * @param subject the aggregate, e.g. {@code persons/1234}; no personal data
     * @param payload a message generated from {@code proto/}; its full name becomes the event type
     */
    public Uni<Void> publish(String topic, String subject, Message payload) {
        Topics.requireValid(topic);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(payload, "payload");
        // Deferred: the span and the traceparent belong to the subscription, i.e. to the caller's
        // current span while its transaction runs (a @WithSpan domain method, a gRPC call...).
        return Uni.createFrom().deferred(() -> {
            UUID eventId = UUID.randomUUID();
            String type = Envelope.typeOf(payload);
            Instant occurredAt = Instant.now();
            Span span = tracer.spanBuilder(topic + " publish").setSpanKind(SpanKind.PRODUCER)
                    .setAttribute(EventTracing.MESSAGING_SYSTEM, "redis_streams")
                    .setAttribute(EventTracing.DESTINATION, Topics.stream(topic))
                    .setAttribute(EventTracing.MESSAGE_ID, eventId.toString())
                    .setAttribute(EventTracing.EVENT_ID, eventId.toString())
                    .setAttribute(EventTracing.EVENT_TYPE, type)
                    .setAttribute(EventTracing.EVENT_TOPIC, topic)
                    .startSpan();
            String traceparent = EventTracing.traceparent(Context.current().with(span));
            byte[] bytes = payload.toByteArray();
            return Panache.getSession()
                    .flatMap(session -> {
                        if (session.currentTransaction() == null) {
                            return Uni.createFrom().failure(new IllegalStateException(
                                    "Outbox.publish must run inside a transaction (@WithTransaction)"));
                        }
                        return session.createNativeQuery(INSERT)
                                .setParameter("eventId", eventId)
                                .setParameter("topic", topic)
                                .setParameter("type", type)
                                .setParameter("source", source)
                                .setParameter("subject", subject)
                                .setParameter("occurredAt", occurredAt.atOffset(ZoneOffset.UTC))
                                .setParameter("traceparent", traceparent)
                                .setParameter("payload", bytes)
                                .executeUpdate();
                    })
                    .onTermination().invoke((rows, failure, cancelled) -> {
                        if (failure != null) {
                            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                        }
                        span.end();
                    })
                    .replaceWithVoid();
        });
    }
}
