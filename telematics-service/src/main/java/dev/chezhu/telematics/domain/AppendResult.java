package dev.chezhu.telematics.domain;

import java.util.List;

/** What AppendTelemetry (and one batch of StreamTelemetry) answers. */
public record AppendResult(String sessionId, long sequence, long acknowledgedSequence, int storedCount,
        List<Rejection> rejected, boolean duplicate, ConsentDecision consent) {
}
