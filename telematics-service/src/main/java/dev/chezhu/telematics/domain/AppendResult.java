package dev.chezhu.telematics.domain;

import java.util.List;

/** What AppendTelemetry answers. */
public record AppendResult(long acknowledgedSequence, int storedCount, List<Rejection> rejected, boolean duplicate) {
}
