package dev.chezhu.recommendation.grpc;

import static dev.chezhu.recommendation.grpc.Fixtures.event;
import static dev.chezhu.recommendation.grpc.Fixtures.record;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc.RecommendationServiceBlockingStub;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** A caller's trace reaches the domain spans and the database and Redis calls an event causes. */
@QuarkusTest
class TracePropagationTest {

    @GrpcClient("recommendation")
    RecommendationServiceBlockingStub recommendation;

    @Inject
    Tracer tracer;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void recordingAnEventIsTracedIntoPostgresAndRedis() {
        Span root = tracer.spanBuilder("test-caller").startSpan();
        String traceId = root.getSpanContext().getTraceId();
        try (Scope ignored = root.makeCurrent()) {
            recommendation.withCallCredentials(TestCallers.partner()).recordListeningEvent(record(
                    event("crosstalk-classics", ListeningEventType.LISTENING_EVENT_TYPE_STARTED)
                            .setPerson(Fixtures.randomPerson())));
        } finally {
            root.end();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> trace = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(traceId)).toList();
            List<String> names = trace.stream().map(SpanData::getName).toList();
            assertTrue(names.contains("ListeningEvents.record"), names::toString);
            assertTrue(trace.stream().anyMatch(s -> s.getName().equals("EventJournal.record")
                    && "crosstalk-classics".equals(s.getAttributes().asMap().entrySet().stream()
                            .filter(e -> e.getKey().getKey().equals("item.id")).map(e -> e.getValue().toString())
                            .findFirst().orElse(null))), "the domain span names the item: " + names);
            assertTrue(trace.stream().anyMatch(s -> s.getAttributes().asMap().keySet().stream()
                    .anyMatch(k -> k.getKey().startsWith("db."))), "database and Redis spans joined: " + names);
            assertTrue(trace.stream().anyMatch(s -> s.getName().toUpperCase().contains("EVAL")
                    || s.getAttributes().asMap().values().stream().anyMatch(v -> v.toString().equalsIgnoreCase("redis"))),
                    "the Redis projection joined the trace: " + names);
        });
    }
}
