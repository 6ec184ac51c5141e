package dev.chezhu.identity.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.Identifier;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.platform.testing.TestCallers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The trace of a caller survives the gRPC hop and reaches the database and Redis calls it causes. */
@QuarkusTest
class TracePropagationTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    Tracer tracer;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void traceIdSurvivesTheGrpcHopIntoThePersistenceLayer() {
        Span root = tracer.spanBuilder("test-caller").startSpan();
        String traceId = root.getSpanContext().getTraceId();
        try (Scope ignored = root.makeCurrent()) {
            identity.withCallCredentials(TestCallers.partner()).identifyPerson(IdentifyPersonRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString()).setSource("app")
                    .addIdentifiers(Identifier.newBuilder().setType(IdentifierType.IDENTIFIER_TYPE_APP_ACCOUNT)
                            .setValue("trace-" + UUID.randomUUID()))
                    .build());
        } finally {
            root.end();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> trace = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(traceId)).toList();
            SpanData server = trace.stream()
                    .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("IdentifyPerson"))
                    .findFirst().orElseThrow(() -> new AssertionError("no server span in trace: " + names(trace)));
            SpanData client = trace.stream()
                    .filter(s -> s.getKind() == SpanKind.CLIENT && s.getName().contains("IdentifyPerson"))
                    .findFirst().orElseThrow(() -> new AssertionError("no client span in trace: " + names(trace)));
            assertEquals(client.getSpanId(), server.getParentSpanId(), "the server span is a child of the client call");
            assertTrue(trace.stream().anyMatch(s -> s.getName().equals("IdentityResolver.resolve")),
                    "the domain span joined the trace: " + names(trace));
            assertTrue(trace.stream().anyMatch(s -> s.getAttributes().asMap().keySet().stream()
                    .anyMatch(k -> k.getKey().startsWith("db."))), "a database span joined the trace: " + names(trace));
        });
    }

    private static List<String> names(List<SpanData> trace) {
        return trace.stream().map(s -> s.getKind() + ":" + s.getName()).toList();
    }
}
