package dev.chezhu.telematics.domain;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.telematics.persistence.VehicleStateCache;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/**
 * One batch, from AppendTelemetry or StreamTelemetry: authorise (a head unit writes only its own
 * VIN), validate, check consent, store once, then bring the live state and the alert rules up to
 * date. State and rules run after the commit; should they fail, the call fails UNAVAILABLE and the
 * head unit's resend (answered as a duplicate) applies them again — harmless, because both only move
 * forward in observe time and raising/clearing an alert is idempotent.
 *
 * <p>Consent: a batch of a vehicle no owner granted telemetry_collection is acknowledged (its key is
 * stored so resends are recognised) but none of its datapoints is. When consent cannot be checked,
 * nothing is stored or acknowledged: UNAVAILABLE (CONSENT_UNVERIFIED), the head unit resends later.
 */
@ApplicationScoped
public class TelemetryIngestion {

    private static final Logger LOG = Logger.getLogger(TelemetryIngestion.class);

    private final BatchValidator validator;
    private final TelemetryRecorder recorder;
    private final VehicleStateCache state;
    private final AlertEngine alerts;
    private final ConsentCache consent;
    private final Clock clock;
    private final MeterRegistry metrics;

    public TelemetryIngestion(BatchValidator validator, TelemetryRecorder recorder, VehicleStateCache state,
            AlertEngine alerts, ConsentCache consent, Clock clock, MeterRegistry metrics) {
        this.validator = validator;
        this.recorder = recorder;
        this.state = state;
        this.alerts = alerts;
        this.consent = consent;
        this.clock = clock;
        this.metrics = metrics;
    }

    @WithSpan("TelemetryIngestion.append")
    public Uni<AppendResult> append(Caller caller, AppendCommand command) {
        return Uni.createFrom().item(() -> {
            VehicleAccess.requireWrite(caller, VehicleName.requestedVin(command.vehicle(), false));
            return validator.validate(command);
        }).flatMap(batch -> checkConsent(batch.vin())
                .flatMap(decision -> recorder.record(batch, clock.instant(), decision == ConsentDecision.NOT_GRANTED))
                .call(recorded -> recorded.consentWithheld() ? Uni.createFrom().voidItem() : afterCommit(batch))
                .map(recorded -> {
                    count(batch, recorded);
                    boolean stored = !recorded.duplicate() && !recorded.consentWithheld();
                    return new AppendResult(batch.sessionId(), batch.sequence(), recorded.acknowledgedSequence(),
                            stored ? batch.accepted().size() : 0, batch.rejected(), recorded.duplicate(),
                            recorded.consentWithheld() ? ConsentDecision.NOT_GRANTED : ConsentDecision.GRANTED);
                }));
    }

    /** The highest stored sequence of a session of the caller's own vehicle (for answers to refused batches). */
    public Uni<Long> acknowledged(String vin, String sessionId) {
        return recorder.acknowledged(vin, sessionId);
    }

    private Uni<ConsentDecision> checkConsent(String vin) {
        return consent.telemetryCollection(vin).onFailure().transform(failure -> {
            LOG.warnf("Consent of a vehicle could not be checked (%s): batch not stored", failure.getClass().getSimpleName());
            metrics.counter("telematics.consent.unverified").increment();
            return new ServiceException(Status.Code.UNAVAILABLE, "CONSENT_UNVERIFIED",
                    "The owner's consent to telemetry collection could not be checked; nothing was stored, resend later",
                    Map.of(), List.of());
        });
    }

    private Uni<Void> afterCommit(ValidatedBatch batch) {
        return state.apply(batch.vin(), LatestReadings.of(batch.accepted()), clock.instant())
                .onFailure().transform(failure -> new ServiceException(Status.Code.UNAVAILABLE, "STATE_UPDATE_FAILED",
                        "The batch is stored but the vehicle state could not be updated; resend the batch",
                        Map.of(), List.of()))
                .flatMap(changed -> alerts.evaluate(batch.vin(), batch.accepted())
                        .onFailure(f -> !(f instanceof ServiceException)).transform(failure -> {
                            LOG.warnf("Alert rules failed after a stored batch (%s)", failure.getClass().getSimpleName());
                            return new ServiceException(Status.Code.UNAVAILABLE, "ALERT_UPDATE_FAILED",
                                    "The batch is stored but the alert rules could not run; resend the batch",
                                    Map.of(), List.of());
                        }));
    }

    private void count(ValidatedBatch batch, TelemetryRecorder.Recorded recorded) {
        String outcome = recorded.duplicate() ? "duplicate" : recorded.consentWithheld() ? "consent_withheld" : "stored";
        metrics.counter("telematics.batches", "outcome", outcome).increment();
        if (outcome.equals("stored")) {
            metrics.counter("telematics.datapoints.stored").increment(batch.accepted().size());
        }
        if (!recorded.duplicate()) {
            for (Rejection rejection : batch.rejected()) {
                metrics.counter("telematics.datapoints.rejected", "reason", rejection.reason().name()).increment();
            }
        }
    }
}
