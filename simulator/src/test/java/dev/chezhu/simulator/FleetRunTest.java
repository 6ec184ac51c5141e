package dev.chezhu.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class FleetRunTest {

    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");

    @Test
    void aReadingBelongsToTheBatchThatCoveredItsSimulatedSeconds() {
        // ten simulated seconds per batch, readings at start + 1 s ... start + 10 s in batch 0
        assertEquals(0, FleetRun.batchIndex(START, START.plusSeconds(1), 10));
        assertEquals(0, FleetRun.batchIndex(START, START.plusSeconds(10), 10));
        assertEquals(1, FleetRun.batchIndex(START, START.plusSeconds(11), 10));
        assertEquals(59, FleetRun.batchIndex(START, START.plusSeconds(600), 10));
        assertEquals(0, FleetRun.batchIndex(START, START.minusSeconds(5), 10), "never before the first batch");
    }

    @Test
    void refusalsAreNamedByTheirCode() {
        assertEquals("UNAVAILABLE", FleetRun.reason(io.grpc.Status.UNAVAILABLE.asRuntimeException()));
        assertEquals("SERVICE_DUE", FleetRun.enumName("ALERT_TYPE_SERVICE_DUE", "ALERT_TYPE_"));
    }
}
