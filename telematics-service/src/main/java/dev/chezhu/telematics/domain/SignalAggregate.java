package dev.chezhu.telematics.domain;

import java.time.Instant;

/** min/max/avg/count of a numeric signal over one time bucket starting at {@code start}. */
public record SignalAggregate(Instant start, double min, double max, double avg, long count) {
}
