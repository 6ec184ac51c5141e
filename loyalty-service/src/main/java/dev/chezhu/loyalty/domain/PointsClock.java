package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.persistence.LotStore;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The points clock, run by a scheduled job (and ExpirePoints) with an explicit "now": releases pending
 * points whose unlock time came, warns holders of lots about to expire (PointsExpiring, once per lot)
 * and expires due lots (one EXPIRE entry per lot). Each item is its own transaction under its
 * account's lock, so a run can stop anywhere and the next one carries on; running twice (or on two
 * instances at once) does nothing twice.
 */
@ApplicationScoped
public class PointsClock {

    /** Items handled per kind and run; the next run carries on. */
    public static final int BATCH = 500;

    private final PointsClockSteps steps;
    private final ExpiryPolicy expiry;

    public PointsClock(PointsClockSteps steps, ExpiryPolicy expiry) {
        this.steps = steps;
        this.expiry = expiry;
    }

    /** What one run did. */
    public record Run(int released, long releasedPoints, int warned, int expiredLots, long expiredPoints) {
    }

    /** Runs everything due at {@code now}, for one holder (personId) or for everyone (null). */
    @WithSpan("PointsClock.run")
    public Uni<Run> run(Instant now, String personId) {
        return release(now, personId).flatMap(released -> warn(now, personId).flatMap(warned -> expire(now, personId)
                .map(expired -> new Run((int) released[0], released[1], warned, (int) expired[0], expired[1]))));
    }

    private Uni<long[]> release(Instant now, String personId) {
        return steps.dueHolds(now, personId, BATCH).flatMap(holds -> Multi.createFrom().iterable(holds)
                .onItem().transformToUniAndConcatenate(hold -> steps.release(hold, now))
                .collect().asList()
                .map(points -> new long[] { points.stream().filter(p -> p > 0).count(),
                        points.stream().mapToLong(Long::longValue).sum() }));
    }

    private Uni<Integer> warn(Instant now, String personId) {
        Instant until = now.plus(expiry.warning());
        return steps.lotsToWarn(now, until, personId, BATCH).flatMap(lots -> {
            Map<String, List<LotStore.DueLot>> groups = new LinkedHashMap<>();
            for (LotStore.DueLot lot : lots) {
                groups.computeIfAbsent(lot.personId() + "|" + lot.expiresAt(), k -> new java.util.ArrayList<>()).add(lot);
            }
            return Multi.createFrom().iterable(groups.values())
                    .onItem().transformToUniAndConcatenate(group -> steps.warn(group, now))
                    .collect().asList().map(sent -> (int) sent.stream().filter(Boolean::booleanValue).count());
        });
    }

    private Uni<long[]> expire(Instant now, String personId) {
        return steps.dueLots(now, personId, BATCH).flatMap(lots -> Multi.createFrom().iterable(lots)
                .onItem().transformToUniAndConcatenate(lot -> steps.expire(lot, now))
                .collect().asList()
                .map(points -> new long[] { points.stream().filter(p -> p > 0).count(),
                        points.stream().mapToLong(Long::longValue).sum() }));
    }
}
