package dev.chezhu.telematics.domain;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.telematics.persistence.StoreOutcome;
import dev.chezhu.telematics.persistence.TelemetryWriter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/**
 * Stores a batch exactly once (see {@link TelemetryWriter}: one transaction, batch key first). A key
 * that is already there means a resend: nothing more is written, unless its content differs, which
 * is a sequence reused for other data and refused.
 */
@ApplicationScoped
public class TelemetryRecorder {

    /** Whether the batch was new, the highest sequence of its session now stored, and the consent it was stored under. */
    public record Recorded(boolean duplicate, long acknowledgedSequence, boolean consentWithheld) {
    }

    private final TelemetryWriter writer;

    public TelemetryRecorder(TelemetryWriter writer) {
        this.writer = writer;
    }

    @WithSpan("TelemetryRecorder.record")
    public Uni<Recorded> record(ValidatedBatch batch, Instant receivedAt, boolean consentWithheld) {
        Span.current().setAttribute("vehicle.vin", batch.vin())
                .setAttribute("telemetry.session_id", batch.sessionId())
                .setAttribute("telemetry.sequence", batch.sequence())
                .setAttribute("telemetry.datapoints", batch.datapointCount())
                .setAttribute("telemetry.writer", writer.name());
        return writer.store(batch, receivedAt, consentWithheld).map(outcome -> recorded(batch, outcome));
    }

    public Uni<Long> acknowledged(String vin, String sessionId) {
        return writer.highestSequence(vin, sessionId);
    }

    private static Recorded recorded(ValidatedBatch batch, StoreOutcome outcome) {
        if (!outcome.inserted() && !outcome.storedDigest().equals(batch.contentDigest())) {
            throw ServiceException.alreadyExists("BATCH_SEQUENCE_REUSED", "Sequence " + batch.sequence()
                    + " of this session was already stored with other datapoints; a resend must repeat the batch"
                    + " unchanged, new data needs the next sequence");
        }
        return new Recorded(!outcome.inserted(), outcome.highestSequence(), outcome.storedConsentWithheld());
    }
}
