package dev.chezhu.telematics.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.chezhu.telematics.domain.SignalReading;
import dev.chezhu.telematics.domain.TelemetryValue.NumberValue;
import dev.chezhu.telematics.domain.VehicleSnapshot;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/** The newest-wins update runs inside Redis, so racing writers cannot overwrite a newer value. */
@QuarkusTest
class VehicleStateCacheTest {

    /** A valid VIN no other test writes. */
    private static final String VIN = "TESTCACHE00000001";
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    @Inject
    VehicleStateCache cache;

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void clean() {
        redis.key().del(VehicleStateCache.key(VIN));
    }

    private static SignalReading speed(double kmh, Instant at) {
        return new SignalReading("Vehicle.Speed", new NumberValue(kmh), at);
    }

    @Test
    void anOlderObservationNeverReplacesANewerOne() {
        assertEquals(1, cache.apply(VIN, List.of(speed(80, T)), T).await().atMost(Duration.ofSeconds(5)));
        assertEquals(0, cache.apply(VIN, List.of(speed(10, T.minusMillis(1))), T).await().atMost(Duration.ofSeconds(5)));
        assertEquals(0, cache.apply(VIN, List.of(speed(20, T)), T).await().atMost(Duration.ofSeconds(5)),
                "an equal time keeps the value already there");
        assertEquals(1, cache.apply(VIN, List.of(speed(90, T.plusNanos(1_000))), T.plusSeconds(1))
                .await().atMost(Duration.ofSeconds(5)));

        VehicleSnapshot snapshot = cache.read(VIN).await().atMost(Duration.ofSeconds(5)).orElseThrow();
        assertEquals(List.of(speed(90, T.plusNanos(1_000))), snapshot.signals());
        assertEquals(T.plusSeconds(1), snapshot.updatedAt(), "update time is when the state last changed");
        assertEquals(String.valueOf(StateCodec.micros(T.plusNanos(1_000))) + "|d:90.0",
                redis.hash(String.class).hget(VehicleStateCache.key(VIN), "Vehicle.Speed"));
    }

    @Test
    void racingWritersInAnyOrderLeaveTheNewestValue() {
        List<Integer> order = new ArrayList<>(IntStream.range(0, 200).boxed().toList());
        Collections.shuffle(order);
        List<Uni<Integer>> writes = order.stream()
                .map(i -> cache.apply(VIN, List.of(speed(i, T.plusMillis(i))), T))
                .toList();
        Uni.join().all(writes).andFailFast().await().atMost(Duration.ofSeconds(20));

        VehicleSnapshot snapshot = cache.read(VIN).await().atMost(Duration.ofSeconds(5)).orElseThrow();
        assertEquals(List.of(speed(199, T.plusMillis(199))), snapshot.signals());
    }

    @Test
    void aVehicleWithoutStateReadsAsEmpty() {
        assertEquals(java.util.Optional.empty(), cache.read(VIN).await().atMost(Duration.ofSeconds(5)));
    }
}
