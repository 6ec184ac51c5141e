package dev.chezhu.telematics.domain;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.telematics.persistence.TelemetryStore;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Stores a batch exactly once, in one transaction: the batch key first (a conflict means the batch
 * is a resend: nothing more is written), then its valid datapoints. Racing resends of one batch are
 * serialised by the key's unique index: the second waits for the first to commit and then finds it.
 */
@ApplicationScoped
public class TelemetryRecorder {

    /** Whether the batch was new, and the highest sequence of its session now stored. */
    public record Recorded(boolean duplicate, long acknowledgedSequence) {
    }

    private final TelemetryStore store;

    public TelemetryRecorder(TelemetryStore store) {
        this.store = store;
    }

    @WithSpan("TelemetryRecorder.record")
    @WithTransaction
    public Uni<Recorded> record(ValidatedBatch batch, Instant receivedAt) {
        Span.current().setAttribute("vehicle.vin", batch.vin())
                .setAttribute("telemetry.session_id", batch.sessionId())
                .setAttribute("telemetry.sequence", batch.sequence())
                .setAttribute("telemetry.datapoints", batch.datapointCount());
        return store.insertBatch(batch, receivedAt)
                .flatMap(inserted -> inserted
                        ? store.insertDatapoints(batch.vin(), batch.sessionId(), batch.sequence(), batch.accepted())
                                .replaceWith(false)
                        : confirmResend(batch))
                .flatMap(duplicate -> store.highestSequence(batch.vin(), batch.sessionId())
                        .map(acknowledged -> new Recorded(duplicate, acknowledged)));
    }

    private Uni<Boolean> confirmResend(ValidatedBatch batch) {
        return store.findBatch(batch.vin(), batch.sessionId(), batch.sequence()).map(earlier -> {
            if (earlier.isPresent() && !earlier.get().contentDigest.equals(batch.contentDigest())) {
                throw ServiceException.alreadyExists("BATCH_SEQUENCE_REUSED", "Sequence " + batch.sequence()
                        + " of this session was already stored with other datapoints; a resend must repeat the batch"
                        + " unchanged, new data needs the next sequence");
            }
            return true;
        });
    }
}
