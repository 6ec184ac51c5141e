package dev.chezhu.telematics.domain;

import java.time.Instant;

/**
 * A datapoint as the head unit sent it, before validation. {@code value} and {@code observedAt} are
 * null when unset; an observe time that is not a valid timestamp arrives as {@link Instant#MIN}.
 */
public record RawDatapoint(String signal, TelemetryValue value, Instant observedAt) {
}
