package dev.chezhu.platform.events;

import static dev.chezhu.platform.events.TestStores.TIMEOUT;
import static dev.chezhu.platform.events.TestStores.call;
import static dev.chezhu.platform.events.TestStores.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.StringValue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.junit.QuarkusTest;

/** Producing: the outbox commits with the caller, the relay moves committed rows to Redis once. */
@QuarkusTest
class OutboxTest {

    private static final String TOPIC = TestTopicHandler.TOPIC;

    @Inject
    TestProducer producer;

    @Inject
    OutboxRelay relay;

    @Inject
    TestStores stores;

    @Inject
    Tracer tracer;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void anEventOfARolledBackTransactionIsNeverRelayed() {
        String run = UUID.randomUUID().toString();
        String rolledBack = "rollback/" + run;
        String committed = "committed/" + run;

        assertThrows(IllegalStateException.class, () -> call(() -> producer.publishThenFail(TOPIC, rolledBack)));
        assertEquals(0, stores.outboxRows(rolledBack), "the outbox row rolled back with the use case");

        // An event committed afterwards is relayed and handled; by then the rolled-back one would be too.
        call(() -> producer.publish(TOPIC, committed, HandlerScript.OK));
        await().atMost(TIMEOUT).until(() -> stores.effects(committed) == 1);
        assertEquals(1, stores.entries(TOPIC, committed).size());
        assertEquals(List.of(), stores.entries(TOPIC, rolledBack), "never reached the stream");
        assertEquals(0, stores.effects(rolledBack), "never reached a handler");
    }

    @Test
    void publishingOutsideATransactionIsRefused() {
        String subject = "no-transaction/" + UUID.randomUUID();
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> call(() -> producer.publishWithoutTransaction(TOPIC, subject)));
        assertTrue(refused.getMessage().contains("@WithTransaction"), refused.getMessage());
        assertEquals(0, stores.outboxRows(subject));
    }

    @Test
    void aCommittedEventReachesItsStreamWithTheWholeEnvelopeAndItsTrace() throws Exception {
        String subject = "persons/" + UUID.randomUUID();
        Instant before = Instant.now();
        String traceId = call(() -> {
            Span caller = tracer.spanBuilder("test-use-case").startSpan();
            Scope scope = caller.makeCurrent();
            return producer.publish(TOPIC, subject, "hello")
                    .replaceWith(caller.getSpanContext().getTraceId())
                    .onTermination().invoke(() -> {
                        scope.close();
                        caller.end();
                    });
        });

        await().atMost(TIMEOUT).until(() -> stores.entries(TOPIC, subject).size() == 1);
        Map<String, byte[]> fields = stores.entries(TOPIC, subject).get(0).payload();
        UUID eventId = UUID.fromString(text(fields, "event_id"));
        assertEquals("google.protobuf.StringValue", text(fields, "type"));
        assertEquals("platform-events-test", text(fields, "source"));
        assertEquals(subject, text(fields, "subject"));
        Instant occurredAt = Instant.parse(text(fields, "occurred_at"));
        assertFalse(occurredAt.isBefore(before.minusSeconds(1)) || occurredAt.isAfter(Instant.now()), "occurred_at " + occurredAt);
        String traceparent = text(fields, "traceparent");
        assertNotNull(traceparent);
        assertTrue(traceparent.matches("00-" + traceId + "-[0-9a-f]{16}-01"), traceparent);
        assertEquals(StringValue.of("hello"), StringValue.parseFrom(fields.get("payload")), "payload as protobuf bytes");
        assertEquals(0, stores.outboxRows(subject), "relayed rows leave the outbox");

        // The consumer's span continues the producer's trace, and the handler runs inside it.
        await().atMost(TIMEOUT).until(() -> stores.effects(subject) == 1);
        assertEquals(traceId, stores.effectRows(subject).get(0).getString("trace_id"));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            List<SpanData> trace = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                    .toList();
            SpanData publish = trace.stream().filter(s -> s.getKind() == SpanKind.PRODUCER && s.getName().equals("test publish"))
                    .findFirst().orElseThrow(() -> new AssertionError("no publish span in " + trace));
            SpanData process = trace.stream().filter(s -> s.getKind() == SpanKind.CONSUMER && s.getName().equals("test process"))
                    .findFirst().orElseThrow(() -> new AssertionError("no process span in " + trace));
            assertTrue(traceparent.contains(publish.getSpanId()), "the envelope carries the publish span");
            assertEquals(publish.getSpanId(), process.getParentSpanId(), "processing is a child of publishing");
            assertEquals(eventId.toString(), process.getAttributes().get(EventTracing.EVENT_ID));
            assertEquals("google.protobuf.StringValue", process.getAttributes().get(EventTracing.EVENT_TYPE));
            assertEquals(TOPIC, process.getAttributes().get(EventTracing.EVENT_TOPIC));
            assertEquals("platform-events-test", process.getAttributes().get(EventTracing.CONSUMER_GROUP));
        });
    }

    @Test
    void aDomainMethodsSpanIsTheParentOfItsEvents() {
        String subject = "traced/" + UUID.randomUUID();
        String traceId = call(() -> producer.publishTraced(TOPIC, subject, HandlerScript.OK));
        assertTrue(io.opentelemetry.api.trace.TraceId.isValid(traceId), traceId);

        await().atMost(TIMEOUT).until(() -> stores.effects(subject) == 1);
        assertTrue(text(stores.entries(TOPIC, subject).get(0).payload(), "traceparent").startsWith("00-" + traceId + "-"));
        assertEquals(traceId, stores.effectRows(subject).get(0).getString("trace_id"));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            List<SpanData> trace = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                    .toList();
            SpanData domain = trace.stream().filter(s -> s.getName().equals("TestProducer.publishTraced")).findFirst()
                    .orElseThrow(() -> new AssertionError("no domain span in " + trace));
            SpanData publish = trace.stream().filter(s -> s.getName().equals("test publish")).findFirst()
                    .orElseThrow(() -> new AssertionError("no publish span in " + trace));
            assertEquals(domain.getSpanId(), publish.getParentSpanId());
        });
    }

    @Test
    void relaysRacingOnTheSameOutboxPublishEveryRowExactlyOnce() throws Exception {
        String topic = "test-race"; // no handler: the stream only records what the relays appended
        String prefix = "race/" + UUID.randomUUID() + "/";
        int events = 200;
        List<String> subjects = IntStream.range(0, events).mapToObj(i -> prefix + i).toList();
        relay.stop();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < events; i += 50) {
                List<String> batch = subjects.subList(i, i + 50);
                call(() -> producer.publishAll(topic, batch, HandlerScript.OK));
            }
            assertEquals(events, stores.outboxRows(prefix));

            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> racers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                racers.add(threads.submit(() -> {
                    go.await();
                    int relayed = 0;
                    for (int n = relay.relayOnce().await().atMost(TIMEOUT); n > 0; n = relay.relayOnce().await().atMost(TIMEOUT)) {
                        relayed += n;
                    }
                    return relayed;
                }));
            }
            go.countDown();
            int total = 0;
            List<Integer> perRacer = new ArrayList<>();
            for (Future<Integer> racer : racers) {
                int relayed = racer.get(30, java.util.concurrent.TimeUnit.SECONDS);
                perRacer.add(relayed);
                total += relayed;
            }
            System.out.println("Rows relayed per racing relay: " + perRacer);

            assertEquals(events, total, "the racers together relayed each row once: " + perRacer);
            assertEquals(0, stores.outboxRows(prefix));
            List<StreamMessage<String, String, byte[]>> appended = stores.entries(topic).stream()
                    .filter(e -> text(e.payload(), "subject").startsWith(prefix)).toList();
            Set<String> eventIds = new HashSet<>();
            Set<String> seenSubjects = new HashSet<>();
            appended.forEach(e -> {
                eventIds.add(text(e.payload(), "event_id"));
                seenSubjects.add(text(e.payload(), "subject"));
            });
            assertEquals(events, appended.size(), "no row appended twice");
            assertEquals(events, eventIds.size());
            assertEquals(new HashSet<>(subjects), seenSubjects);
        } finally {
            threads.shutdownNow();
            relay.start();
        }
    }

    @Test
    void rowsWaitInTheOutboxWhileTheRelayIsDown() {
        String subject = "relay-down/" + UUID.randomUUID();
        relay.stop();
        try {
            call(() -> producer.publish(TOPIC, subject, HandlerScript.OK));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> stores.outboxRows(subject) == 1 && stores.entries(TOPIC, subject).isEmpty());
        } finally {
            relay.start();
        }
        await().atMost(TIMEOUT).until(() -> stores.effects(subject) == 1);
        assertEquals(0, stores.outboxRows(subject));
    }
}
