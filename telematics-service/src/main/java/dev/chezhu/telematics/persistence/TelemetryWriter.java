package dev.chezhu.telematics.persistence;

import java.time.Instant;

import dev.chezhu.telematics.domain.ValidatedBatch;
import io.smallrye.mutiny.Uni;

/**
 * Stores one batch exactly once, in one transaction: the batch key (vin, session_id, sequence) with
 * ON CONFLICT DO NOTHING, then, only when the key is new and consent was given, its valid datapoints.
 * Racing resends are serialised by the key's unique index. Two implementations, chosen by
 * {@code chezhu.telematics.ingest.writer}: {@link CopyTelemetryWriter} (COPY through JDBC on a worker
 * thread) and {@link InsertTelemetryWriter} (one multi-row INSERT ... SELECT FROM unnest(arrays)
 * through the reactive client). The benchmark measures both.
 */
public interface TelemetryWriter {

    Uni<StoreOutcome> store(ValidatedBatch batch, Instant receivedAt, boolean consentWithheld);

    /** Highest stored sequence of a vehicle's session (0 when none). */
    Uni<Long> highestSequence(String vin, String sessionId);

    /** copy or insert. */
    String name();
}
