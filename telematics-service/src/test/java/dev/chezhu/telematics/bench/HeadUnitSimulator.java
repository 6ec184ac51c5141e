package dev.chezhu.telematics.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.Timestamp;

import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.telematics.v1.Datapoint;
import dev.chezhu.telematics.v1.SignalValue;
import dev.chezhu.telematics.v1.StreamTelemetryRequest;
import dev.chezhu.telematics.v1.StreamTelemetryResponse;
import dev.chezhu.telematics.v1.TelemetryBatch;
import dev.chezhu.telematics.v1.TelematicsServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * A simulated head unit: one session, batches numbered 1..n, at most {@code window} unacknowledged
 * batches in flight, sending only while the gRPC stream is ready. It keeps every unacknowledged
 * batch and, after a reconnect, resends from the first one not acknowledged, as a real unit would.
 */
final class HeadUnitSimulator {

    static final String[] SIGNALS = { "Vehicle.Speed", "Vehicle.TraveledDistance",
            "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current",
            "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure", "Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire.Pressure",
            "Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.Pressure", "Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure",
            "Vehicle.CurrentLocation.Latitude", "Vehicle.CurrentLocation.Longitude" };

    final String vin;
    final String session;
    final int batchSize;
    final int window;
    final long lastSequence;
    /** Highest acknowledged sequence (acks are cumulative: they come in order). */
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong storedDatapoints = new AtomicLong();
    final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
    volatile boolean measuring;

    HeadUnitSimulator(String vin, String session, int batchSize, int window, long lastSequence) {
        this.vin = vin;
        this.session = session;
        this.batchSize = batchSize;
        this.window = window;
        this.lastSequence = lastSequence;
    }

    TelemetryBatch batch(long sequence) {
        List<Datapoint> points = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            long n = sequence * batchSize + i;
            Instant at = base.plusMillis(n * 10);
            String signal = SIGNALS[(int) (n % SIGNALS.length)];
            SignalValue value = switch ((int) (n % SIGNALS.length)) {
                case 0 -> SignalValue.newBuilder().setDoubleValue(40 + n % 80).build();
                case 1 -> SignalValue.newBuilder().setIntValue(1_000_000 + n).build();
                case 2 -> SignalValue.newBuilder().setDoubleValue(20 + n % 70).build();
                case 7 -> SignalValue.newBuilder().setDoubleValue(31.2 + (n % 1000) * 1e-5).build();
                case 8 -> SignalValue.newBuilder().setDoubleValue(121.4 + (n % 1000) * 1e-5).build();
                default -> SignalValue.newBuilder().setIntValue(230 + n % 20).build();
            };
            points.add(Datapoint.newBuilder().setSignal(signal).setValue(value)
                    .setObserveTime(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano())).build());
        }
        return TelemetryBatch.newBuilder().setSessionId(session).setSequence(sequence).addAllDatapoints(points).build();
    }

    /**
     * One connection: resends from the first unacknowledged batch and goes on until {@code stopAt}
     * (nanoTime) or the last batch is acknowledged. Returns how the stream ended.
     */
    Status run(ManagedChannel channel, BearerTokenCredentials token, long stopAt) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Status[] ended = { Status.OK };
        Object lock = new Object();
        long[] next = { acknowledged.get() + 1 };
        boolean[] halfClosed = { false };
        @SuppressWarnings("unchecked")
        ClientCallStreamObserver<StreamTelemetryRequest>[] requests = new ClientCallStreamObserver[1];
        Runnable pump = () -> {
            synchronized (lock) {
                ClientCallStreamObserver<StreamTelemetryRequest> out = requests[0];
                while (out.isReady() && next[0] <= lastSequence && next[0] - acknowledged.get() <= window
                        && System.nanoTime() < stopAt) {
                    long seq = next[0]++;
                    sentAt.put(seq, System.nanoTime());
                    out.onNext(StreamTelemetryRequest.newBuilder().setBatch(batch(seq)).build());
                }
                if (!halfClosed[0] && ((next[0] > lastSequence && acknowledged.get() >= lastSequence)
                        || System.nanoTime() >= stopAt)) {
                    halfClosed[0] = true;
                    out.onCompleted();
                }
            }
        };
        TelematicsServiceGrpc.newStub(channel).withCallCredentials(token).streamTelemetry(
                new ClientResponseObserver<StreamTelemetryRequest, StreamTelemetryResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<StreamTelemetryRequest> stream) {
                        requests[0] = stream;
                        stream.setOnReadyHandler(pump);
                    }

                    @Override
                    public void onNext(StreamTelemetryResponse answer) {
                        Long sent = sentAt.remove(answer.getSequence());
                        if (sent != null && measuring) {
                            latenciesMicros.add((System.nanoTime() - sent) / 1000);
                        }
                        if (answer.hasError()) {
                            ended[0] = Status.fromCodeValue(answer.getError().getCode())
                                    .withDescription(answer.getError().getMessage());
                        }
                        acknowledged.accumulateAndGet(answer.getAcknowledgedSequence(), Math::max);
                        if (measuring) {
                            storedDatapoints.addAndGet(answer.getStoredCount());
                        }
                        pump.run();
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended[0] = Status.fromThrowable(t);
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        long waitMs = Math.max(1, (stopAt - System.nanoTime()) / 1_000_000) + 60_000;
        done.await(waitMs, TimeUnit.MILLISECONDS);
        sentAt.clear();
        return ended[0];
    }
}
