package dev.chezhu.platform.events;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters by topic (never by subject or payload) and the outbox backlog gauge. */
@ApplicationScoped
class EventMetrics {

    enum Outcome {
        PROCESSED, DUPLICATE, IGNORED, FAILED
    }

    private final MeterRegistry registry;
    private final AtomicLong backlog = new AtomicLong();

    EventMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("chezhu.events.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not yet relayed to Redis").register(registry);
    }

    void published(String topic) {
        Counter.builder("chezhu.events.published").tag("topic", topic).register(registry).increment();
    }

    void handled(String topic, Outcome outcome) {
        Counter.builder("chezhu.events.handled").tag("topic", topic).tag("outcome", outcome.name().toLowerCase())
                .register(registry).increment();
    }

    void retried(String topic) {
        Counter.builder("chezhu.events.retried").tag("topic", topic).register(registry).increment();
    }

    void deadLettered(String topic) {
        Counter.builder("chezhu.events.dead.lettered").tag("topic", topic).register(registry).increment();
    }

    void backlog(long rows) {
        backlog.set(rows);
    }
}
