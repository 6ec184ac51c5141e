package dev.chezhu.telematics.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.mutiny.Uni;

/**
 * Keeps consent answers for a few seconds per VIN so that the hot path is not one identity call per
 * batch. Only answers are kept, never failures: an unreachable identity-service is asked again on the
 * next batch. A withdrawal takes effect within the time-to-live.
 */
public final class ConsentCache {

    private record Entry(ConsentDecision decision, Instant expires) {
    }

    private static final int MAX_ENTRIES = 100_000;

    private final ConsentGate gate;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public ConsentCache(ConsentGate gate, Duration ttl, Clock clock) {
        this.gate = gate;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Uni<ConsentDecision> telemetryCollection(String vin) {
        Instant now = clock.instant();
        Entry entry = entries.get(vin);
        if (entry != null && entry.expires().isAfter(now)) {
            return Uni.createFrom().item(entry.decision());
        }
        return gate.telemetryCollection(vin).invoke(decision -> {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            if (!ttl.isZero()) {
                entries.put(vin, new Entry(decision, now.plus(ttl)));
            }
        });
    }

    /** Forgets every answer (tests, and a consent-changed event once identity publishes one). */
    public void invalidateAll() {
        entries.clear();
    }
}
