package dev.chezhu.telematics.domain;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.telematics.persistence.VehicleStateCache;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/**
 * AppendTelemetry: authorise, validate, store once, then bring the vehicle's live state up to date.
 * The state is updated after the commit; should Redis fail then, the call fails UNAVAILABLE and the
 * head unit's resend (answered as a duplicate) applies the state again — harmless, because the state
 * only ever moves to newer observations.
 */
@ApplicationScoped
public class TelemetryIngestion {

    private final BatchValidator validator;
    private final TelemetryRecorder recorder;
    private final VehicleStateCache state;
    private final Clock clock;
    private final MeterRegistry metrics;

    public TelemetryIngestion(BatchValidator validator, TelemetryRecorder recorder, VehicleStateCache state,
            Clock clock, MeterRegistry metrics) {
        this.validator = validator;
        this.recorder = recorder;
        this.state = state;
        this.clock = clock;
        this.metrics = metrics;
    }

    @WithSpan("TelemetryIngestion.append")
    public Uni<AppendResult> append(Caller caller, AppendCommand command) {
        return Uni.createFrom().item(() -> {
            VehicleAccess.requireWrite(caller, VehicleName.requestedVin(command.vehicle(), false));
            return validator.validate(command);
        }).flatMap(batch -> recorder.record(batch, clock.instant())
                .call(recorded -> updateState(batch))
                .map(recorded -> {
                    count(batch, recorded.duplicate());
                    return new AppendResult(recorded.acknowledgedSequence(),
                            recorded.duplicate() ? 0 : batch.accepted().size(), batch.rejected(), recorded.duplicate());
                }));
    }

    private Uni<Integer> updateState(ValidatedBatch batch) {
        return state.apply(batch.vin(), LatestReadings.of(batch.accepted()), clock.instant())
                .onFailure().transform(failure -> new ServiceException(Status.Code.UNAVAILABLE, "STATE_UPDATE_FAILED",
                        "The batch is stored but the vehicle state could not be updated; resend the batch",
                        Map.of(), List.of()));
    }

    private void count(ValidatedBatch batch, boolean duplicate) {
        metrics.counter("telematics.batches", "outcome", duplicate ? "duplicate" : "stored").increment();
        if (!duplicate) {
            metrics.counter("telematics.datapoints.stored").increment(batch.accepted().size());
            for (Rejection rejection : batch.rejected()) {
                metrics.counter("telematics.datapoints.rejected", "reason", rejection.reason().name()).increment();
            }
        }
    }
}
