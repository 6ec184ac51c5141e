package dev.chezhu.telematics.grpc;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.chezhu.telematics.v1.StreamTelemetryRequest;
import dev.chezhu.telematics.v1.StreamTelemetryResponse;
import dev.chezhu.telematics.v1.TelemetryBatch;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc.TelematicsServiceStub;
import io.grpc.CallCredentials;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/** A test head unit's StreamTelemetry call: send batches, take answers, see how the stream ended. */
final class StreamClient implements ClientResponseObserver<StreamTelemetryRequest, StreamTelemetryResponse> {

    final BlockingQueue<StreamTelemetryResponse> answers = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> closed = new CompletableFuture<>();
    volatile ClientCallStreamObserver<StreamTelemetryRequest> requests;

    static StreamClient open(TelematicsServiceStub stub, CallCredentials caller) {
        StreamClient client = new StreamClient();
        TelematicsServiceStub s = caller == null ? stub : stub.withCallCredentials(caller);
        s.streamTelemetry(client);
        return client;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<StreamTelemetryRequest> requestStream) {
        this.requests = requestStream;
    }

    StreamClient send(String vehicle, TelemetryBatch batch) {
        StreamTelemetryRequest.Builder request = StreamTelemetryRequest.newBuilder().setBatch(batch);
        if (vehicle != null) {
            request.setVehicle(vehicle);
        }
        requests.onNext(request.build());
        return this;
    }

    StreamClient send(TelemetryBatch batch) {
        return send(null, batch);
    }

    StreamTelemetryResponse next() throws InterruptedException {
        StreamTelemetryResponse answer = answers.poll(30, TimeUnit.SECONDS);
        if (answer == null) {
            throw new AssertionError("no answer within 30 s; stream closed: " + closed.getNow(null));
        }
        return answer;
    }

    Status awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void complete() {
        requests.onCompleted();
    }

    @Override
    public void onNext(StreamTelemetryResponse value) {
        answers.add(value);
    }

    @Override
    public void onError(Throwable t) {
        closed.complete(Status.fromThrowable(t).withCause(t));
    }

    @Override
    public void onCompleted() {
        closed.complete(Status.OK);
    }
}
