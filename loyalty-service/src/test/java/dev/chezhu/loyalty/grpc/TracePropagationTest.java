package dev.chezhu.loyalty.grpc;

import static dev.chezhu.loyalty.grpc.LoyaltyRequests.credit;
import static dev.chezhu.loyalty.grpc.LoyaltyRequests.newPerson;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.platform.testing.TestCallers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** A credit's trace reaches the ledger and the database, tagged with the person ID. */
@QuarkusTest
class TracePropagationTest {

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    @Inject
    Tracer tracer;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theLedgerSpanJoinsTheCallersTrace() {
        String person = newPerson();
        Span root = tracer.spanBuilder("test-caller").startSpan();
        String traceId = root.getSpanContext().getTraceId();
        try (Scope ignored = root.makeCurrent()) {
            loyalty.withCallCredentials(TestCallers.service("gateway")).creditPoints(credit(person, 5).build());
        } finally {
            root.end();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> trace = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(traceId)).toList();
            SpanData ledger = trace.stream().filter(s -> s.getName().equals("Ledger.credit")).findFirst()
                    .orElseThrow(() -> new AssertionError("no ledger span in " + trace.stream().map(SpanData::getName)
                            .toList()));
            assertEquals(person, ledger.getAttributes().get(AttributeKey.stringKey("loyalty.person_id")));
            assertTrue(trace.stream().anyMatch(s -> s.getAttributes().asMap().keySet().stream()
                    .anyMatch(k -> k.getKey().startsWith("db."))), "a database span joined the trace");
        });
    }
}
