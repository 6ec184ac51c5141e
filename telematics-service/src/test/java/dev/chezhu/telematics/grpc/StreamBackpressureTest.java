package dev.chezhu.telematics.grpc;

import static dev.chezhu.telematics.grpc.TelemetryFixtures.datapoints;
import static dev.chezhu.telematics.grpc.TelemetryFixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.telematics.v1.StreamTelemetryResponse;
import dev.chezhu.telematics.v1.TelemetryBatch;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A slow database slows the sender: while the batch table is locked (nothing can be stored), a head
 * unit that sends as fast as gRPC lets it (it sends only while its stream is ready) gets only a few
 * batches out, bounded by the HTTP/2 window, not hundreds into the server's memory. Once the lock is
 * released everything sent is stored exactly once and acknowledged in order.
 */
@QuarkusTest
class StreamBackpressureTest {

    private static final Logger LOG = Logger.getLogger(StreamBackpressureTest.class);
    private static final int DATAPOINTS_PER_BATCH = 1000;

    @GrpcClient("telematics")
    io.grpc.Channel channel;

    @Inject
    DataSource db;

    @Test
    void aBlockedDatabaseStopsTheSenderWithinTheFlowControlWindow() throws Exception {
        String session = session();
        StreamClient client = StreamClient.open(dev.chezhu.telematics.v1.TelematicsServiceGrpc.newStub(channel), TestCallers.headUnit());
        int sent = 0;
        try (Connection lock = db.getConnection(); Statement statement = lock.createStatement()) {
            lock.setAutoCommit(false);
            statement.execute("lock table telemetry_batch in exclusive mode");
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < until && sent < 500) {
                if (client.requests.isReady()) {
                    TelemetryBatch batch = StreamTelemetryTest.speeds(session, sent + 1, DATAPOINTS_PER_BATCH);
                    client.send(batch);
                    sent++;
                } else {
                    Thread.sleep(5);
                }
            }
            LOG.infof("With the database blocked for 4 s the sender got %d batches (%d KB each) out", sent,
                    StreamTelemetryTest.speeds(session, 1, DATAPOINTS_PER_BATCH).getSerializedSize() / 1024);
            assertTrue(client.answers.isEmpty(), "nothing is acknowledged before it is stored");
            assertTrue(sent <= 20, "flow control held the sender back, but it sent " + sent + " batches");
            lock.commit();
        }
        for (int seq = 1; seq <= sent; seq++) {
            StreamTelemetryResponse ack = client.next();
            assertEquals(seq, ack.getAcknowledgedSequence());
            assertEquals(DATAPOINTS_PER_BATCH, ack.getStoredCount());
        }
        client.complete();
        assertEquals(Status.Code.OK, client.awaitClose(Duration.ofSeconds(10)).getCode());
        assertEquals((long) sent * DATAPOINTS_PER_BATCH, datapoints(db, TestCallers.HEAD_UNIT_VIN, session));
    }
}
