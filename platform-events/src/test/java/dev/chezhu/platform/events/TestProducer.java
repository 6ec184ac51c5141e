package dev.chezhu.platform.events;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.StringValue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** A domain service as the services write them: the change and its events in one transaction. */
@ApplicationScoped
public class TestProducer {

    private final Outbox outbox;

    public TestProducer(Outbox outbox) {
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<Void> publish(String topic, String subject, String value) {
        return outbox.publish(topic, subject, StringValue.of(value));
    }

    @WithTransaction
    public Uni<Void> publishAll(String topic, List<String> subjects, String value) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String subject : subjects) {
            all = all.flatMap(v -> outbox.publish(topic, subject, StringValue.of(value)));
        }
        return all;
    }

    /** The shape of the services' domain methods: a span, a transaction, and the event inside both. */
    @WithSpan("TestProducer.publishTraced")
    @WithTransaction
    public Uni<String> publishTraced(String topic, String subject, String value) {
        String traceId = Span.current().getSpanContext().getTraceId();
        return outbox.publish(topic, subject, StringValue.of(value)).replaceWith(traceId);
    }

    /** Publishes, then the use case fails: the transaction rolls back. */
    @WithTransaction
    public Uni<Void> publishThenFail(String topic, String subject) {
        return outbox.publish(topic, subject, StringValue.of(HandlerScript.OK))
                .flatMap(v -> Uni.createFrom().failure(new IllegalStateException("use case failed after publishing")));
    }

    @WithSession
    public Uni<Void> publishWithoutTransaction(String topic, String subject) {
        return outbox.publish(topic, subject, StringValue.of(HandlerScript.OK));
    }
}
