package dev.chezhu.loyalty.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.domain.CouponCodes;
import dev.chezhu.loyalty.v1.Budget;
import dev.chezhu.loyalty.v1.BudgetEnforcement;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceStub;
import dev.chezhu.loyalty.v1.RedeemCouponRequest;
import dev.chezhu.loyalty.v1.RedeemCouponResponse;
import dev.chezhu.loyalty.Callers;
import dev.chezhu.loyalty.grpc.Wire;
import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.error.ErrorDetails;
import io.agroal.api.AgroalDataSource;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Redemptions per second with 64 concurrent dealer clients (each its own gRPC connection and token of
 * dealer D001 or D002), each redeeming distinct codes back to back against the service on its test
 * port, then an audit in SQL: double redemptions and budget overruns. Not part of the normal test run:
 * {@code mvn -B -o verify -pl loyalty-service -Dgroups=bench} (system properties: bench.clients,
 * bench.seconds, bench.warmup, bench.pool). Prints a table and writes it to target/bench-results.txt.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@Tag("bench")
class RedemptionBenchmark {

    static final int CLIENTS = Integer.getInteger("bench.clients", 64);
    static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    static final int WARMUP = Integer.getInteger("bench.warmup", 15);
    static final int PORT = 18084;

    @Inject
    AgroalDataSource db;

    @Inject
    CouponCodes codes;

    @Inject
    dev.chezhu.loyalty.config.VerifiedTokenCache tokenCache;

    @GrpcClient("loyalty")
    LoyaltyServiceGrpc.LoyaltyServiceBlockingStub loyalty;

    private final StringBuilder report = new StringBuilder();

    private void line(String format, Object... args) {
        String text = String.format(java.util.Locale.ROOT, format, args);
        System.out.println(text);
        report.append(text).append('\n');
    }

    @Test
    void redemptionsPerSecond() throws Exception {
        line("");
        line("Redemption benchmark: %d dealer clients, %d s warm-up + %d s measured, DB pool %s, %d CPUs, load %s",
                CLIENTS, WARMUP, SECONDS, System.getProperty("bench.pool", "20"),
                Runtime.getRuntime().availableProcessors(), loadAverage());
        run("ISSUE budget (default)", BudgetEnforcement.BUDGET_ENFORCEMENT_ISSUE, SECONDS);
        run("REDEMPTION budget (one hot campaign row)", BudgetEnforcement.BUDGET_ENFORCEMENT_REDEMPTION,
                Math.max(10, SECONDS / 3));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "bench-results.txt"), report.toString());
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private void run(String title, BudgetEnforcement enforcement, int seconds) throws Exception {
        int expected = 6_000 * (WARMUP + seconds);
        int perClient = expected / CLIENTS + 1;
        int total = perClient * CLIENTS;
        String campaign = loyalty.withCallCredentials(Callers.admin()).createCampaign(Wire.create(
                Wire.amountCampaign(1_000, total).setPerPersonLimit(100)
                        .setBudget(Budget.newBuilder().setMaxCount(total).setMaxValue(1_000L * total)
                                .setEnforcement(enforcement)))).getCampaign().getCampaignId();
        List<String> all = seed(campaign, total, enforcement == BudgetEnforcement.BUDGET_ENFORCEMENT_ISSUE);

        List<ManagedChannel> channels = new ArrayList<>();
        List<Client> clients = new ArrayList<>();
        BearerTokenCredentials d001 = Callers.dealerD001();
        BearerTokenCredentials d002 = Callers.dealerD002();
        for (int i = 0; i < CLIENTS; i++) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", PORT).usePlaintext().build();
            channels.add(channel);
            LoyaltyServiceStub stub = LoyaltyServiceGrpc.newStub(channel).withCallCredentials(i % 2 == 0 ? d001 : d002);
            clients.add(new Client(stub, all.subList(i * perClient, (i + 1) * perClient)));
        }
        Recorder recorder = new Recorder();
        long eventsBefore = count("select count(*) from outbox_event where type = ?", "chezhu.loyalty.v1.CouponRedeemed");
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(WARMUP);
        long stopAt = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(CLIENTS);
        clients.forEach(c -> c.start(recorder, measureFrom, stopAt, done));
        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(measureFrom - System.nanoTime())));
        Map<String, Long> threads0 = threadCpu();
        long jvmCpu0 = jvmCpuNanos();
        long pgCpu0 = postgresCpuTicks();
        long ok0 = recorder.totalOk.get();
        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(stopAt - System.nanoTime())));
        long jvmCpu = jvmCpuNanos() - jvmCpu0;
        Map<String, Long> threads = threadCpu();
        long pgCpu = (postgresCpuTicks() - pgCpu0) * (1_000_000_000L / CLOCK_TICKS);
        long okDuring = Math.max(1, recorder.totalOk.get() - ok0);
        done.await(WARMUP + seconds + 120, TimeUnit.SECONDS);
        channels.forEach(ManagedChannel::shutdownNow);

        long[] latencies = recorder.latencies();
        Arrays.sort(latencies);
        long ok = recorder.measuredOk.get();
        line("");
        line("%s, campaign %s", title, campaign);
        line("| clients | measured | redeemed | redemptions/s | p50 ms | p90 ms | p99 ms | max ms | refused |");
        line("|---|---|---|---|---|---|---|---|---|");
        line("| %d | %d s | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %s |", CLIENTS, seconds, ok,
                ok / (double) seconds, pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6,
                recorder.refusals.isEmpty() ? "0" : recorder.refusals.toString());
        // "BENCH measure value unit target" lines for ./chezhu bench's table
        String measure = "loyalty." + enforcement.name().toLowerCase(java.util.Locale.ROOT);
        System.out.printf(java.util.Locale.ROOT, "BENCH %s_redemptions_per_s %.0f redemptions/s >=3000%n", measure,
                ok / (double) seconds);
        System.out.printf(java.util.Locale.ROOT, "BENCH %s_redemption_p99_ms %.2f ms -%n", measure, pct(latencies, 99));
        double jvmUs = jvmCpu / 1e3 / okDuring;
        double pgUs = pgCpu / 1e3 / okDuring;
        line("CPU per redemption (measured window): %.0f us in this JVM (service + the 64 clients), %.0f us in "
                + "PostgreSQL; %d CPUs => at most %.0f redemptions/s if this benchmark had the machine to itself",
                jvmUs, pgUs, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors() * 1e6 / (jvmUs + pgUs));
        StringBuilder split = new StringBuilder();
        long named = 0;
        for (Map.Entry<String, Long> e : threads.entrySet()) {
            named += e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
        }
        threads.entrySet().stream().sorted(Map.Entry.<String, Long> comparingByValue().reversed()).forEach(e -> {
            long used = e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
            if (used > jvmCpu / 100) {
                split.append(String.format(java.util.Locale.ROOT, "%s %.0f us, ", e.getKey(), used / 1e3 / okDuring));
            }
        });
        split.append(String.format(java.util.Locale.ROOT, "GC/JIT/VM threads %.0f us",
                Math.max(0, jvmCpu - named) / 1e3 / okDuring));
        line("  JVM threads per redemption: %s; verified-token cache hits so far: %d", split, tokenCache.hits());
        audit(campaign, recorder, eventsBefore);
    }

    /** CPU time of the JVM's threads grouped by name (numbers stripped). */
    private static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = mx.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                byGroup.merge(info.getThreadName().replaceAll("[0-9]+", "#"), cpu, Long::sum);
            }
        }
        return byGroup;
    }

    static final long CLOCK_TICKS = 100;

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of every postgres process, in clock ticks. */
    private static long postgresCpuTicks() {
        long ticks = 0;
        java.io.File[] procs = new java.io.File("/proc").listFiles(f -> f.getName().matches("[0-9]+"));
        if (procs == null) {
            return 0;
        }
        for (java.io.File proc : procs) {
            try {
                String stat = java.nio.file.Files.readString(proc.toPath().resolve("stat"));
                int close = stat.lastIndexOf(')');
                String name = stat.substring(stat.indexOf('(') + 1, close);
                if (!name.startsWith("postgres")) {
                    continue;
                }
                String[] fields = stat.substring(close + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (Exception e) {
                // a process that ended meanwhile
            }
        }
        return ticks;
    }

    private static double pct(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Seeds coupons straight into the tables PublishCoupon writes (the measured window is redemptions only). */
    private List<String> seed(String campaign, int count, boolean reserve) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<String> persons = new ArrayList<>();
        for (int i = 0; i < count / 10 + 1; i++) {
            persons.add(UUID.randomUUID().toString());
        }
        List<String> all = new ArrayList<>(count);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement account = c.prepareStatement("insert into loyalty_account (person_id, tier, "
                    + "created_at, updated_at) values (?, 'STANDARD', ?, ?)")) {
                for (String person : persons) {
                    account.setString(1, person);
                    account.setTimestamp(2, Timestamp.from(now));
                    account.setTimestamp(3, Timestamp.from(now));
                    account.addBatch();
                }
                account.executeBatch();
            }
            try (PreparedStatement coupon = c.prepareStatement("insert into coupon (code, campaign_id, person_id, "
                    + "origin_person_id, to_lead, state, face_value, issued_at, expires_at) values (?, ?, ?, ?, false, "
                    + "'ISSUED', 1000, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    String code = codes.generate("XXXX-XXXX-XXXX-XX");
                    String person = persons.get(i % persons.size());
                    coupon.setString(1, code);
                    coupon.setString(2, campaign);
                    coupon.setString(3, person);
                    coupon.setString(4, person);
                    coupon.setTimestamp(5, Timestamp.from(now));
                    coupon.setTimestamp(6, Timestamp.from(now.plus(3, ChronoUnit.DAYS)));
                    coupon.addBatch();
                    all.add(code);
                    if (i % 5_000 == 4_999) {
                        coupon.executeBatch();
                    }
                }
                coupon.executeBatch();
            }
            if (reserve) {
                try (PreparedStatement budget = c.prepareStatement("update campaign set reserved_count = ?, "
                        + "reserved_value = ? where campaign_id = ?")) {
                    budget.setLong(1, count);
                    budget.setLong(2, 1_000L * count);
                    budget.setString(3, campaign);
                    budget.executeUpdate();
                }
            }
            c.commit();
        }
        try (Connection c = db.getConnection(); PreparedStatement analyze = c.prepareStatement("analyze coupon")) {
            analyze.execute();
        }
        return all;
    }

    private void audit(String campaign, Recorder recorder, long eventsBefore) throws Exception {
        long redemptions = count("select count(*) from coupon_redemption where campaign_id = ? and rolled_back_at is null",
                campaign);
        long doubles = count("select count(*) from (select code from coupon_redemption where campaign_id = ? "
                + "and rolled_back_at is null group by code having count(*) > 1) d", campaign);
        long stateMismatch = count("select count(*) from coupon c where c.campaign_id = ? and (c.state = 'REDEEMED') <> "
                + "exists (select 1 from coupon_redemption r where r.code = c.code and r.rolled_back_at is null)", campaign);
        long overCount = count("select count(*) from campaign k where k.campaign_id = ? and ((select count(*) "
                + "from coupon_redemption r where r.campaign_id = k.campaign_id and r.rolled_back_at is null) > k.budget_count "
                + "or (select coalesce(sum(discount_amount), 0) from coupon_redemption r where r.campaign_id = k.campaign_id "
                + "and r.rolled_back_at is null) > k.budget_value or k.reserved_count > k.budget_count "
                + "or k.redeemed_count > k.budget_count)", campaign);
        long events = count("select count(*) from outbox_event where type = ?", "chezhu.loyalty.v1.CouponRedeemed")
                - eventsBefore;
        long clientOk = recorder.totalOk.get();
        line("audit: %d redemptions in the database, %d acknowledged to clients; double redemptions: %d; "
                + "coupon/redemption mismatches: %d; budget overruns: %d; CouponRedeemed events: %d",
                redemptions, clientOk, doubles, stateMismatch, overCount, events);
        System.out.printf(java.util.Locale.ROOT, "BENCH loyalty.double_redemptions %d codes <=0%n", doubles);
        System.out.printf(java.util.Locale.ROOT, "BENCH loyalty.budget_overruns %d campaigns <=0%n", overCount);
        if (doubles != 0 || overCount != 0 || stateMismatch != 0 || redemptions != clientOk || events != redemptions) {
            throw new AssertionError("audit failed: " + report);
        }
    }

    private long count(String sql, String parameter) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Latencies and outcomes of the measured window. */
    static final class Recorder {
        final AtomicLong measuredOk = new AtomicLong();
        final AtomicLong totalOk = new AtomicLong();
        final Map<String, Long> refusals = new ConcurrentHashMap<>();
        private final List<long[]> buffers = new java.util.concurrent.CopyOnWriteArrayList<>();

        long[] buffer(int size) {
            long[] b = new long[size + 1];
            buffers.add(b);
            return b;
        }

        long[] latencies() {
            int n = 0;
            for (long[] b : buffers) {
                n += (int) b[0];
            }
            long[] all = new long[n];
            int i = 0;
            for (long[] b : buffers) {
                System.arraycopy(b, 1, all, i, (int) b[0]);
                i += (int) b[0];
            }
            return all;
        }
    }

    /** One dealer counter: redeems its own codes one after the other until the time is up. */
    static final class Client {
        private final LoyaltyServiceStub stub;
        private final List<String> codes;
        private int next;

        Client(LoyaltyServiceStub stub, List<String> codes) {
            this.stub = stub;
            this.codes = codes;
        }

        void start(Recorder recorder, long measureFrom, long stopAt, CountDownLatch done) {
            long[] latencies = recorder.buffer(codes.size());
            send(recorder, latencies, measureFrom, stopAt, done);
        }

        private void send(Recorder recorder, long[] latencies, long measureFrom, long stopAt, CountDownLatch done) {
            long sent = System.nanoTime();
            if (sent >= stopAt || next >= codes.size()) {
                done.countDown();
                return;
            }
            RedeemCouponRequest request = RedeemCouponRequest.newBuilder().setCode(codes.get(next++))
                    .setBillAmount(50_000).setRequestId(UUID.randomUUID().toString()).build();
            stub.redeemCoupon(request, new StreamObserver<>() {
                @Override
                public void onNext(RedeemCouponResponse value) {
                    long end = System.nanoTime();
                    recorder.totalOk.incrementAndGet();
                    if (sent >= measureFrom && end <= stopAt) {
                        recorder.measuredOk.incrementAndGet();
                        latencies[(int) ++latencies[0]] = end - sent;
                    }
                }

                @Override
                public void onError(Throwable t) {
                    String reason = ErrorDetails.errorInfo(t).map(i -> i.getReason())
                            .orElse(io.grpc.Status.fromThrowable(t).getCode().name());
                    recorder.refusals.merge(reason, 1L, Long::sum);
                    send(recorder, latencies, measureFrom, stopAt, done);
                }

                @Override
                public void onCompleted() {
                    send(recorder, latencies, measureFrom, stopAt, done);
                }
            });
        }
    }

}
