package dev.chezhu.telematics.domain;

import java.time.Instant;

/** A validated observation of one signal; {@code observedAt} has microsecond precision. */
public record SignalReading(String signal, TelemetryValue value, Instant observedAt) {
}
