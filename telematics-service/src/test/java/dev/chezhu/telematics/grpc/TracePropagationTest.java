package dev.chezhu.telematics.grpc;

import static dev.chezhu.telematics.grpc.TelemetryFixtures.SPEED;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.append;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.number;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.point;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.session;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc.TelematicsServiceBlockingStub;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** An append is one trace from the caller through the domain spans into PostgreSQL. */
@QuarkusTest
class TracePropagationTest {

    @GrpcClient("telematics")
    TelematicsServiceBlockingStub telematics;

    @Inject
    Tracer tracer;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theAppendTraceReachesTheDomainAndTheDatabase() {
        Span root = tracer.spanBuilder("test-caller").startSpan();
        String traceId = root.getSpanContext().getTraceId();
        try (Scope ignored = root.makeCurrent()) {
            telematics.withCallCredentials(TestCallers.headUnit()).appendTelemetry(append(TestCallers.HEAD_UNIT_VIN,
                    session(), 1, List.of(point(SPEED, number(30), Instant.now()))));
        } finally {
            root.end();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> trace = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(traceId)).toList();
            SpanData server = trace.stream()
                    .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("AppendTelemetry"))
                    .findFirst().orElseThrow(() -> new AssertionError("no server span in trace: " + names(trace)));
            SpanData record = trace.stream().filter(s -> s.getName().equals("TelemetryRecorder.record")).findFirst()
                    .orElseThrow(() -> new AssertionError("no recorder span in trace: " + names(trace)));
            assertEquals(TestCallers.HEAD_UNIT_VIN, record.getAttributes().asMap().entrySet().stream()
                    .filter(e -> e.getKey().getKey().equals("vehicle.vin")).findFirst().orElseThrow().getValue());
            assertTrue(trace.stream().anyMatch(s -> s.getName().equals("TelemetryIngestion.append")),
                    "the use-case span joined the trace: " + names(trace));
            assertTrue(trace.stream().anyMatch(s -> s.getAttributes().asMap().keySet().stream()
                    .anyMatch(k -> k.getKey().startsWith("db."))), "a database span joined the trace: " + names(trace));
            assertEquals(traceId, server.getTraceId());
        });
    }

    private static List<String> names(List<SpanData> trace) {
        return trace.stream().map(s -> s.getKind() + ":" + s.getName()).toList();
    }
}
