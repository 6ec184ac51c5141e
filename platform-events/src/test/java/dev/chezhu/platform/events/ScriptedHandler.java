package dev.chezhu.platform.events;

import jakarta.inject.Inject;

import com.google.protobuf.StringValue;

import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Handles {@code google.protobuf.StringValue} events like a service would: writes a row through the
 * current Hibernate Reactive session (the consumer's transaction), then fails if the script says so
 * — the row must then be rolled back with the inbox entry.
 */
abstract class ScriptedHandler implements EventHandler {

    private static final String TYPE = Envelope.typeOf(StringValue.getDefaultInstance());

    @Inject
    HandlerScript script;

    @Override
    public boolean handles(String type) {
        return TYPE.equals(type);
    }

    @Override
    public Uni<Void> handle(Envelope event) {
        String value = event.payloadAs(StringValue.parser()).getValue();
        int attempt = script.attempt(event.eventId());
        TestEffect effect = new TestEffect();
        effect.eventId = event.eventId();
        effect.topic = topic();
        effect.subject = event.subject();
        effect.value = value;
        effect.traceId = Span.current().getSpanContext().getTraceId();
        return Panache.getSession().flatMap(session -> session.persist(effect).call(session::flush))
                .flatMap(v -> script.shouldFail(value, event.subject(), attempt)
                        ? Uni.createFrom().failure(new IllegalStateException("scripted failure, attempt " + attempt))
                        : Uni.createFrom().voidItem());
    }
}
