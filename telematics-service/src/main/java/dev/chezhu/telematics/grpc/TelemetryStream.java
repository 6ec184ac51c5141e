package dev.chezhu.telematics.grpc;


import org.jboss.logging.Logger;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.grpc.GrpcExceptionHandlerProvider;
import dev.chezhu.telematics.domain.AppendCommand;
import dev.chezhu.telematics.domain.TelemetryIngestion;
import dev.chezhu.telematics.domain.VehicleName;
import dev.chezhu.telematics.v1.StreamTelemetryRequest;
import dev.chezhu.telematics.v1.StreamTelemetryResponse;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * One StreamTelemetry call. Flow control is explicit: automatic inbound requests are disabled and the
 * next batch is requested from gRPC only after the previous one was answered, i.e. after its
 * transaction committed. While a batch is being stored no other message is read, so HTTP/2 flow
 * control stops the sender once its window is full: memory per stream is bounded by one batch plus
 * the transport window, whatever the database speed.
 *
 * <p>A batch refused for its content (malformed, too large, sequence reused) is answered with an
 * {@code error} and the stream goes on. A failure that concerns the stream (wrong vehicle, consent
 * unverifiable, storage unavailable) ends it with that status; the unit reconnects and resends what
 * was not acknowledged.
 */
final class TelemetryStream implements StreamObserver<StreamTelemetryRequest> {

    private static final Logger LOG = Logger.getLogger(TelemetryStream.class);

    private final Caller caller;
    private final TelemetryIngestion ingestion;
    private final GrpcExceptionHandlerProvider errors;
    private final ServerCallStreamObserver<StreamTelemetryResponse> responses;
    private final Context context;
    private boolean busy;
    private boolean halfClosed;
    private boolean finished;

    TelemetryStream(Caller caller, TelemetryIngestion ingestion, GrpcExceptionHandlerProvider errors,
            StreamObserver<StreamTelemetryResponse> responses) {
        this.caller = caller;
        this.ingestion = ingestion;
        this.errors = errors;
        this.responses = (ServerCallStreamObserver<StreamTelemetryResponse>) responses;
        this.context = Vertx.currentContext();
        this.responses.disableAutoRequest();
        this.responses.setOnCancelHandler(() -> onContext(() -> finished = true));
    }

    void start() {
        responses.request(1);
    }

    private void onContext(Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    @Override
    public void onNext(StreamTelemetryRequest request) {
        busy = true;
        String vehicle = request.getVehicle().isEmpty()
                ? caller.vin().map(VehicleName::of).orElse("")
                : request.getVehicle();
        AppendCommand command = TelematicsMapper.toCommand(vehicle, request.hasBatch(), request.getBatch());
        ingestion.append(caller, command).subscribe().with(
                result -> onContext(() -> answer(TelematicsMapper.toStreamResponse(result))),
                failure -> onContext(() -> refused(command, failure)));
    }

    private void refused(AppendCommand command, Throwable failure) {
        if (failure instanceof ServiceException refusal && (refusal.code() == Status.Code.INVALID_ARGUMENT
                || refusal.code() == Status.Code.ALREADY_EXISTS)) {
            StreamTelemetryResponse.Builder answer = StreamTelemetryResponse.newBuilder()
                    .setSessionId(command.sessionId() == null ? "" : command.sessionId())
                    .setSequence(command.sequence())
                    .setError(StatusProto.fromThrowable(ErrorDetails.statusException(refusal)));
            String vin = VehicleName.vin(command.vehicle(), false).orElse(null);
            if (vin == null || command.sessionId() == null || command.sessionId().isEmpty()) {
                answer(answer.build());
                return;
            }
            ingestion.acknowledged(vin, command.sessionId()).subscribe().with(
                    acknowledged -> onContext(() -> answer(answer.setAcknowledgedSequence(acknowledged).build())),
                    error -> onContext(() -> fail(error)));
            return;
        }
        fail(failure);
    }

    private void answer(StreamTelemetryResponse response) {
        busy = false;
        if (finished) {
            return;
        }
        responses.onNext(response);
        if (halfClosed) {
            finish();
        } else {
            responses.request(1);
        }
    }

    private void fail(Throwable failure) {
        busy = false;
        if (finished) {
            return;
        }
        finished = true;
        if (!(failure instanceof ServiceException)) {
            LOG.warnf("Telemetry stream ended by %s", failure.getClass().getSimpleName());
        }
        responses.onError(errors.toStatusException(failure));
    }

    @Override
    public void onError(Throwable failure) {
        // the client cancelled or the connection broke: whatever is being stored completes on its own
        finished = true;
    }

    @Override
    public void onCompleted() {
        halfClosed = true;
        if (!busy) {
            finish();
        }
    }

    private void finish() {
        if (!finished) {
            finished = true;
            responses.onCompleted();
        }
    }

}
