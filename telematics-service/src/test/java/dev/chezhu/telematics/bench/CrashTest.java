package dev.chezhu.telematics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.testing.TestCallers;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;

/**
 * kill -9 the packaged service in the middle of several streams, restart it, let every head unit
 * reconnect and resend what was not acknowledged (plus a few acknowledged batches, to exercise
 * deduplication), then count in PostgreSQL: every datapoint exactly once, none lost.
 */
@Tag("crash")
class CrashTest {

    private final int units = Integer.getInteger("crash.units", 6);
    private final int batches = Integer.getInteger("crash.batches", 120);
    private final int batchSize = Integer.getInteger("crash.batch", 500);

    @Test
    void everyDatapointIsStoredExactlyOnceAcrossAKillAndRestart() throws Exception {
        String prefix = "crash-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        BearerTokenCredentials[] tokens = { TestCallers.headUnit(), TestCallers.otherHeadUnit() };
        String[] vins = { TestCallers.HEAD_UNIT_VIN, TestCallers.OTHER_HEAD_UNIT_VIN };
        List<HeadUnitSimulator> fleet = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            fleet.add(new HeadUnitSimulator(vins[u % 2], prefix + u, batchSize, 8, batches));
        }
        ExecutorService pool = Executors.newFixedThreadPool(units);

        ServiceProcess first = ServiceProcess.start("copy", "crash-service-1");
        ManagedChannel channel = channel();
        List<Future<Status>> streams = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            HeadUnitSimulator unit = fleet.get(u);
            BearerTokenCredentials token = tokens[u % 2];
            streams.add(pool.submit(() -> unit.run(channel, token, Long.MAX_VALUE)));
        }
        // mid-stream: once about a third of all batches are acknowledged
        long target = (long) units * batches / 3;
        while (fleet.stream().mapToLong(h -> h.acknowledged.get()).sum() < target) {
            Thread.sleep(20);
        }
        first.kill9();
        List<Long> ackedAtCrash = fleet.stream().map(h -> h.acknowledged.get()).toList();
        List<String> endings = new ArrayList<>();
        for (Future<Status> stream : streams) {
            endings.add(stream.get().getCode().name());
        }
        long rowsAtCrash = TelemetryBenchmarkTest.count("session_id like '" + prefix + "%'");
        channel.shutdownNow();

        ServiceProcess second = ServiceProcess.start("copy", "crash-service-2");
        ManagedChannel again = channel();
        try {
            List<Future<Status>> resumed = new ArrayList<>();
            for (int u = 0; u < units; u++) {
                HeadUnitSimulator unit = fleet.get(u);
                // resend a few already acknowledged batches as well: they must be recognised as duplicates
                unit.acknowledged.set(Math.max(0, unit.acknowledged.get() - 3));
                BearerTokenCredentials token = tokens[u % 2];
                resumed.add(pool.submit(() -> unit.run(again, token, Long.MAX_VALUE)));
            }
            for (Future<Status> stream : resumed) {
                assertEquals(Status.Code.OK, stream.get().getCode());
            }
        } finally {
            again.shutdownNow();
            second.stop();
            pool.shutdownNow();
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "Crash test: %d head units x %d batches x %d datapoints, kill -9 after %d of %d "
                + "batches were acknowledged%n", units, batches, batchSize, ackedAtCrash.stream().mapToLong(a -> a).sum(),
                (long) units * batches);
        System.out.println("| session | acked at kill -9 | stream ended with | batches stored | datapoints stored | expected | duplicated batches |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|");
        long total = 0;
        try (Connection db = DriverManager.getConnection(TelemetryBenchmarkTest.JDBC, "chezhu", "chezhu")) {
            for (int u = 0; u < units; u++) {
                String session = prefix + u;
                long storedBatches = scalar(db, "select count(*) from telemetry_batch where session_id = ?", session);
                long storedRows = scalar(db, "select count(*) from telemetry_datapoint where session_id = ?", session);
                long duplicated = scalar(db, "select count(*) from (select sequence from telemetry_datapoint where "
                        + "session_id = ? group by sequence having count(*) <> " + batchSize + ") d", session);
                long distinct = scalar(db, "select count(distinct sequence) from telemetry_datapoint where session_id = ?",
                        session);
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %,d | %,d | %d |%n", "unit " + u, ackedAtCrash.get(u),
                        endings.get(u), storedBatches, storedRows, (long) batches * batchSize, duplicated);
                assertEquals(batches, storedBatches);
                assertEquals(batches, distinct, "no batch lost");
                assertEquals((long) batches * batchSize, storedRows, "every datapoint exactly once");
                assertEquals(0, duplicated);
                total += storedRows;
            }
        }
        System.out.printf(Locale.ROOT, "rows of these sessions at the kill: %,d; after resend: %,d (expected %,d)%n%n",
                rowsAtCrash, total, (long) units * batches * batchSize);
        assertTrue(rowsAtCrash >= ackedAtCrash.stream().mapToLong(a -> a).sum() * batchSize,
                "everything acknowledged before the kill was already durable");
    }

    private static ManagedChannel channel() {
        return ManagedChannelBuilder.forAddress("localhost", ServiceProcess.PORT).usePlaintext().build();
    }

    private static long scalar(Connection db, String sql, String session) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, session);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
