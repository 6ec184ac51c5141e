package dev.chezhu.telematics.domain;

import java.util.List;

/**
 * A batch that passed the batch-level checks: the datapoints to store, those refused with their
 * reasons, and a digest of the content as sent so a resend can be told from a reused sequence.
 */
public record ValidatedBatch(String vin, String sessionId, long sequence, int datapointCount,
        List<SignalReading> accepted, List<Rejection> rejected, String contentDigest) {

    public ValidatedBatch {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }
}
