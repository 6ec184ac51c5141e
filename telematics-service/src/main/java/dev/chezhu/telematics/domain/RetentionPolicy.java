package dev.chezhu.telematics.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How long raw datapoints and hourly rollups are kept. Queries read raw rows from
 * {@link #rollupBoundary} on and rollups before it: the raw cutoff rounded up to a whole hour, so the
 * rollup side always consists of whole hours whose raw rows were complete when they were rolled up.
 */
public record RetentionPolicy(Duration raw, Duration rollup) {

    public Instant rawCutoff(Instant now) {
        return now.minus(raw);
    }

    public Instant rollupBoundary(Instant now) {
        Instant cutoff = rawCutoff(now);
        Instant hour = cutoff.truncatedTo(ChronoUnit.HOURS);
        return hour.equals(cutoff) ? hour : hour.plus(Duration.ofHours(1));
    }

    public Instant rollupCutoff(Instant now) {
        return now.minus(rollup);
    }
}
