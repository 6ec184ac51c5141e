package dev.chezhu.platform.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.chezhu.platform.events.EventMetrics.Outcome;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Applies one event to the service's handlers exactly once per consumer group: in one Hibernate
 * Reactive transaction, insert {@code (group, event_id)} into {@code inbox_event} (ON CONFLICT DO
 * NOTHING) and, only if the row is new, run the handlers, which join the same transaction. Two
 * deliveries racing on one event serialise on the inbox primary key; the second sees the row and
 * skips. A failing handler rolls back its writes and the inbox row alike.
 */
@ApplicationScoped
class InboxProcessor {

    private static final String RECORD = "insert into inbox_event (consumer_group, event_id, type) "
            + "values (:group, :eventId, :type) on conflict do nothing";

    private final Map<String, List<EventHandler>> handlersByTopic = new HashMap<>();
    private final Vertx vertx;
    private final Tracer tracer;
    private final String group;

    InboxProcessor(@Any Instance<EventHandler> handlers, Vertx vertx, Tracer tracer,
            @ConfigProperty(name = "quarkus.application.name") String group) {
        this.vertx = vertx;
        this.tracer = tracer;
        this.group = group;
        for (EventHandler handler : handlers) {
            handlersByTopic.computeIfAbsent(Topics.requireValid(handler.topic()), t -> new ArrayList<>()).add(handler);
        }
    }

    String group() {
        return group;
    }

    /** The topics this service has handlers for. */
    Set<String> topics() {
        return handlersByTopic.keySet();
    }

    /**
     * Delivers one event (the {@code delivery}-th time) on its own safe Vert.x context and
     * transaction; fails when a handler fails, after the transaction rolled back.
     */
    Uni<Outcome> deliver(String topic, Envelope event, long delivery) {
        List<EventHandler> matching = handlersByTopic.getOrDefault(topic, List.of()).stream()
                .filter(handler -> handler.handles(event.type())).toList();
        if (matching.isEmpty()) {
            return Uni.createFrom().item(Outcome.IGNORED);
        }
        return VertxContexts.onNewSafeContext(vertx, () -> {
            Span span = tracer.spanBuilder(topic + " process").setSpanKind(SpanKind.CONSUMER)
                    .setParent(EventTracing.parentOf(event.traceparent()))
                    .setAttribute(EventTracing.MESSAGING_SYSTEM, "redis_streams")
                    .setAttribute(EventTracing.DESTINATION, Topics.stream(topic))
                    .setAttribute(EventTracing.CONSUMER_GROUP, group)
                    .setAttribute(EventTracing.MESSAGE_ID, event.eventId().toString())
                    .setAttribute(EventTracing.EVENT_ID, event.eventId().toString())
                    .setAttribute(EventTracing.EVENT_TYPE, event.type())
                    .setAttribute(EventTracing.EVENT_TOPIC, topic)
                    .setAttribute(EventTracing.DELIVERY, delivery)
                    .startSpan();
            Scope scope = span.makeCurrent();
            return Panache.withTransaction(() -> recordInInbox(event)
                    .flatMap(isNew -> isNew ? runHandlers(matching, event).replaceWith(Outcome.PROCESSED)
                            : Uni.createFrom().item(Outcome.DUPLICATE)))
                    .onTermination().invoke((outcome, failure, cancelled) -> {
                        if (failure != null) {
                            // The class only: exception messages may quote personal data.
                            span.setStatus(StatusCode.ERROR, failure.getClass().getName());
                        } else if (outcome != null) {
                            span.setAttribute("chezhu.event.outcome", outcome.name().toLowerCase());
                        }
                        scope.close();
                        span.end();
                    });
        });
    }

    private Uni<Boolean> recordInInbox(Envelope event) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(RECORD)
                .setParameter("group", group)
                .setParameter("eventId", event.eventId())
                .setParameter("type", event.type())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    private static Uni<Void> runHandlers(List<EventHandler> handlers, Envelope event) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (EventHandler handler : handlers) {
            chain = chain.flatMap(ignored -> Uni.createFrom().deferred(() -> handler.handle(event)));
        }
        return chain;
    }
}
