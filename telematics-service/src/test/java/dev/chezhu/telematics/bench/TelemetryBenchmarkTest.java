package dev.chezhu.telematics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.telematics.domain.SignalReading;
import dev.chezhu.telematics.persistence.CopyTelemetryWriter;
import dev.chezhu.telematics.v1.Datapoint;
import dev.chezhu.telematics.v1.TelemetryBatch;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/**
 * Many simulated head units stream over gRPC into the packaged service, which writes the real
 * PostgreSQL and Redis; prints sustained durable datapoints/s and ack latency p50/p99 per writer,
 * and, in the same run, the rate of a raw COPY of the same rows into the same table (the ceiling).
 * Run: see the module README (-Dgroups=bench). Knobs: -Dbench.units, -Dbench.seconds, -Dbench.batch,
 * -Dbench.window, -Dbench.writers=copy,insert.
 */
@Tag("bench")
class TelemetryBenchmarkTest {

    static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/chezhu_telematics_test";

    private final int units = Integer.getInteger("bench.units", 16);
    private final int seconds = Integer.getInteger("bench.seconds", 20);
    private final int batchSize = Integer.getInteger("bench.batch", 1000);
    private final int window = Integer.getInteger("bench.window", 4);
    private final String[] writers = System.getProperty("bench.writers", "copy,insert").split(",");

    record Result(String name, double datapointsPerSecond, long p50Micros, long p99Micros, long stored, long rows,
            long maxRssMiB) {
    }

    @Test
    void sustainedDurableIngestionAgainstTheRawCopyCeiling() throws Exception {
        List<Result> results = new ArrayList<>();
        results.add(rawCopy(1));
        results.add(rawCopy(2));
        for (String writer : writers) {
            results.add(streaming(writer.strip()));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Telemetry benchmark: %d head units, batches of %d datapoints, window %d, %d s "
                + "per run, %d cores%n", units, batchSize, window, seconds, Runtime.getRuntime().availableProcessors());
        System.out.println("| run | datapoints/s | ack p50 ms | ack p99 ms | stored (acked) | rows in PostgreSQL | service RSS MiB |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %s | %s | %,d | %,d | %s |%n", r.name(), r.datapointsPerSecond(),
                    r.p50Micros() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.p50Micros() / 1000.0),
                    r.p99Micros() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.p99Micros() / 1000.0),
                    r.stored(), r.rows(), r.maxRssMiB() < 0 ? "-" : Long.toString(r.maxRssMiB()));
        }
        double ceiling = Math.max(results.get(0).datapointsPerSecond(), results.get(1).datapointsPerSecond());
        for (Result r : results.subList(2, results.size())) {
            System.out.printf(Locale.ROOT, "%s: %.0f %% of the raw COPY ceiling%n", r.name(),
                    100 * r.datapointsPerSecond() / ceiling);
        }
        System.out.println();
        // one "BENCH measure value unit target" line per figure, for ./chezhu bench's table
        System.out.printf(Locale.ROOT, "BENCH telematics.raw_copy_ceiling_per_s %.0f datapoints/s -%n", ceiling);
        for (Result r : results.subList(2, results.size())) {
            String measure = "telematics.stream_" + r.name().replaceAll("[^A-Za-z0-9]+", "_").toLowerCase(Locale.ROOT);
            System.out.printf(Locale.ROOT, "BENCH %s_datapoints_per_s %.0f datapoints/s >=100000%n", measure,
                    r.datapointsPerSecond());
            if (r.p99Micros() >= 0) {
                System.out.printf(Locale.ROOT, "BENCH %s_ack_p99_ms %.1f ms -%n", measure, r.p99Micros() / 1000.0);
            }
        }
    }

    /** The same rows as the streams send, COPYed straight into telemetry_datapoint, one transaction per batch. */
    private Result rawCopy(int connections) throws Exception {
        String session = "bench-copy-" + UUID.randomUUID();
        HeadUnitSimulator shape = new HeadUnitSimulator(TestCallers.HEAD_UNIT_VIN, session, batchSize, window, 0);
        List<byte[]> batches = new ArrayList<>();
        long rows = 0;
        for (long seq = 1; rows < Math.max(200_000L, 4000L * batchSize / 10); seq++) {
            TelemetryBatch batch = shape.batch(seq);
            batches.add(CopyTelemetryWriter.copyText(TestCallers.HEAD_UNIT_VIN, session, seq, readings(batch))
                    .getBytes(StandardCharsets.UTF_8));
            rows += batch.getDatapointsCount();
        }
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int lane = c;
            done.add(pool.submit(() -> {
                try (Connection connection = DriverManager.getConnection(JDBC, "chezhu", "chezhu")) {
                    connection.setAutoCommit(false);
                    var copy = connection.unwrap(PGConnection.class).getCopyAPI();
                    for (int i = lane; i < batches.size(); i += connections) {
                        var in = copy.copyIn("copy telemetry_datapoint (vin, signal, observed_at, value_num, value_bool, "
                                + "value_text, value_json, session_id, sequence) from stdin");
                        in.writeToCopy(batches.get(i), 0, batches.get(i).length);
                        in.endCopy();
                        connection.commit();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result("raw COPY, " + connections + " connection" + (connections > 1 ? "s" : "")
                + ", commit per batch", rows / elapsed, -1, -1, rows, count("session_id = '" + session + "'"), -1);
    }

    private static List<SignalReading> readings(TelemetryBatch batch) {
        List<SignalReading> readings = new ArrayList<>(batch.getDatapointsCount());
        for (Datapoint d : batch.getDatapointsList()) {
            var value = switch (d.getValue().getValueCase()) {
                case INT_VALUE -> (dev.chezhu.telematics.domain.TelemetryValue) new dev.chezhu.telematics.domain
                        .TelemetryValue.IntegerValue(d.getValue().getIntValue());
                default -> new dev.chezhu.telematics.domain.TelemetryValue.NumberValue(d.getValue().getDoubleValue());
            };
            readings.add(new SignalReading(d.getSignal(), value, Instant.ofEpochSecond(d.getObserveTime().getSeconds(),
                    d.getObserveTime().getNanos())));
        }
        return readings;
    }

    private Result streaming(String writer) throws Exception {
        ServiceProcess service = ServiceProcess.start(writer, "bench-service-" + writer);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", ServiceProcess.PORT).usePlaintext()
                .maxInboundMessageSize(4 << 20).build();
        String prefix = "bench-" + writer + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        BearerTokenCredentials[] tokens = { TestCallers.headUnit(), TestCallers.otherHeadUnit() };
        String[] vins = { TestCallers.HEAD_UNIT_VIN, TestCallers.OTHER_HEAD_UNIT_VIN };
        List<HeadUnitSimulator> fleet = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            fleet.add(new HeadUnitSimulator(vins[u % 2], prefix + u, batchSize, window, Long.MAX_VALUE / 2));
        }
        ExecutorService pool = Executors.newFixedThreadPool(units);
        try {
            // warm-up: 8 s, not measured
            long warmEnd = System.nanoTime() + 8_000_000_000L;
            runAll(pool, fleet, channel, tokens, warmEnd);
            fleet.forEach(h -> h.measuring = true);
            long[] maxRss = { service.rssMiB() };
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            Thread sampler = new Thread(() -> {
                while (System.nanoTime() < end) {
                    maxRss[0] = Math.max(maxRss[0], service.rssMiB());
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            runAll(pool, fleet, channel, tokens, end);
            double elapsed = (System.nanoTime() - start) / 1e9;
            sampler.join();
            long stored = fleet.stream().mapToLong(h -> h.storedDatapoints.get()).sum();
            List<Long> latencies = new ArrayList<>();
            fleet.forEach(h -> latencies.addAll(h.latenciesMicros));
            latencies.sort(Long::compare);
            long acked = fleet.stream().mapToLong(h -> h.acknowledged.get()).sum() * batchSize;
            long rows = count("session_id like '" + prefix + "%'");
            assertEquals(acked, rows, "every acknowledged datapoint is in PostgreSQL, exactly once");
            return new Result("gRPC StreamTelemetry, writer=" + writer, stored / elapsed,
                    percentile(latencies, 0.50), percentile(latencies, 0.99), stored, rows, maxRss[0]);
        } finally {
            pool.shutdownNow();
            channel.shutdownNow();
            service.stop();
        }
    }

    private static void runAll(ExecutorService pool, List<HeadUnitSimulator> fleet, ManagedChannel channel,
            BearerTokenCredentials[] tokens, long until) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (int u = 0; u < fleet.size(); u++) {
            HeadUnitSimulator unit = fleet.get(u);
            BearerTokenCredentials token = tokens[u % 2];
            running.add(pool.submit(() -> unit.run(channel, token, until)));
        }
        for (Future<?> f : running) {
            f.get();
        }
    }

    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    static long count(String where) throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC, "chezhu", "chezhu");
                PreparedStatement query = connection.prepareStatement("select count(*) from telemetry_datapoint where "
                        + where);
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

}
