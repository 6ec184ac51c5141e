package dev.chezhu.recommendation.benchmark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Duration;

import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.recommendation.grpc.Fixtures;
import dev.chezhu.recommendation.v1.DayPart;
import dev.chezhu.recommendation.v1.DrivingState;
import dev.chezhu.recommendation.v1.ListeningContext;
import dev.chezhu.recommendation.v1.ListeningEvent;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.Place;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.RecommendResponse;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc.RecommendationServiceBlockingStub;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc.RecommendationServiceFutureStub;
import dev.chezhu.recommendation.v1.RecordListeningEventRequest;
import dev.chezhu.recommendation.v1.TrainModelRequest;
import dev.chezhu.recommendation.v1.TrainModelResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The serving benchmark of the README: {@code mvn -B -o test -pl recommendation-service -Pbench}.
 * Starts the service (test profile: real PostgreSQL, Redis, Keycloak; identity's ports answered by
 * the in-process test double), gives it a listening history and a trained model in Redis, then
 * sends {@code Recommend} with a real partner token over plain gRPC channels: an open-loop run at a
 * fixed rate (1,000 requests/s) and closed-loop runs at fixed concurrency, printing p50/p99 and
 * throughput. Client and service share this machine's two cores.
 */
@QuarkusTest
@TestProfile(ServingBenchmarkTest.AsInProduction.class)
@Tag("bench")
class ServingBenchmarkTest {

    /** The production refresh: replicas look for a new model or catalogue at most once per second. */
    public static class AsInProduction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // errors are counted by the client; a stack trace per failed call would only add load
            return Map.of("chezhu.recommendation.serving-refresh", "PT1S", "quarkus.log.level", "WARN",
                    "quarkus.log.category.\"dev.chezhu.platform.grpc\".level", "OFF");
        }
    }

    static final int LISTENERS = 400;
    static final java.util.Map<String, AtomicInteger> FAILURES = new java.util.concurrent.ConcurrentHashMap<>();

    static void failed(Throwable failure) {
        String code = io.grpc.Status.fromThrowable(failure).getCode() + ": "
                + String.valueOf(io.grpc.Status.fromThrowable(failure).getDescription()).lines().findFirst().orElse("");
        FAILURES.computeIfAbsent(code.length() > 120 ? code.substring(0, 120) : code, k -> new AtomicInteger())
                .incrementAndGet();
    }
    static final int WARMUP = 3_000;

    @GrpcClient("recommendation")
    RecommendationServiceBlockingStub recommendation;

    @Inject
    Fixtures fixtures;

    record Result(String run, int concurrency, long requests, long errors, double seconds, double p50, double p90,
            double p99, double max) {
    }

    @Test
    void recommendLatencyAndThroughput() throws Exception {
        BearerTokenCredentials token = TestCallers.partner();
        List<String> persons = seed(token);
        System.out.println("load average before the runs (1/5/15 min, 2 cores): " + loadAverage());

        ManagedChannel[] channels = new ManagedChannel[4];
        RecommendationServiceFutureStub[] stubs = new RecommendationServiceFutureStub[channels.length];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = ManagedChannelBuilder.forAddress("localhost", 18083).usePlaintext().build();
            stubs[i] = RecommendationServiceGrpc.newFutureStub(channels[i]).withCallCredentials(token);
        }
        try {
            closedLoop("warm-up", stubs, persons, 16, WARMUP);
            List<Result> results = new ArrayList<>();
            results.add(openLoop("open loop, 250 req/s for 10 s", stubs, persons, 250, 10));
            results.add(openLoop("open loop, 500 req/s for 10 s", stubs, persons, 500, 10));
            results.add(openLoop("open loop, 1,000 req/s for 20 s", stubs, persons, 1000, 20));
            for (int concurrency : new int[] { 1, 8, 32 }) {
                results.add(closedLoop("closed loop", stubs, persons, concurrency, concurrency == 1 ? 2_000 : 15_000));
            }
            print(results);
            benchLines(results);
            System.out.println("failures by status: " + FAILURES);
            System.out.println("load average (1/5/15 min, 2 cores): " + loadAverage());
            assertTrue(results.stream().allMatch(r -> r.errors() == 0), "no request failed");
        } finally {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow();
            }
        }
    }

    /** 400 listeners with 5-15 plays each, a trained model: what Recommend reads is realistic. */
    private List<String> seed(BearerTokenCredentials token) {
        fixtures.clearSignals();
        List<String> items = fixtures.editorialOrder();
        RecommendationServiceBlockingStub partner = recommendation.withCallCredentials(token);
        java.util.Random random = new java.util.Random(1);
        List<String> persons = new ArrayList<>();
        for (int p = 0; p < LISTENERS; p++) {
            String person = Fixtures.randomPerson();
            persons.add(person);
            int taste = random.nextInt(4);
            int plays = 5 + random.nextInt(11);
            for (int k = 0; k < plays; k++) {
                String item = items.get((taste * 10 + random.nextInt(12)) % items.size());
                partner.recordListeningEvent(RecordListeningEventRequest.newBuilder()
                        .setRequestId(UUID.randomUUID().toString())
                        .setEvent(ListeningEvent.newBuilder().setPerson(person).setItem("items/" + item)
                                .setType(random.nextInt(4) == 0 ? ListeningEventType.LISTENING_EVENT_TYPE_SKIPPED
                                        : ListeningEventType.LISTENING_EVENT_TYPE_COMPLETED)
                                .setListened(Duration.newBuilder().setSeconds(60))
                                .setContext(context(random)))
                        .build());
            }
        }
        TrainModelResponse trained = recommendation.withCallCredentials(TestCallers.service("loyalty-service"))
                .trainModel(TrainModelRequest.getDefaultInstance());
        System.out.printf(Locale.ROOT, "%nSeeded %d listeners; model %s trained on %d events in %d ms%n", LISTENERS,
                trained.getModelVersion(), trained.getEvents(), trained.getDuration().getSeconds() * 1000
                        + trained.getDuration().getNanos() / 1_000_000);
        return persons;
    }

    private static ListeningContext context(java.util.Random random) {
        return ListeningContext.newBuilder().setPlace(random.nextBoolean() ? Place.PLACE_IN_CAR : Place.PLACE_AT_HOME)
                .setDayPart(DayPart.forNumber(1 + random.nextInt(4)))
                .setDrivingState(DrivingState.forNumber(random.nextInt(4))).build();
    }

    private static RecommendRequest request(List<String> persons, int n) {
        java.util.Random random = new java.util.Random(n);
        return RecommendRequest.newBuilder().setPerson(persons.get(n % persons.size())).setCount(10)
                .setContext(context(random)).build();
    }

    /** Sends at a fixed rate whatever the answers do (no coordinated omission): latency under load. */
    private Result openLoop(String name, RecommendationServiceFutureStub[] stubs, List<String> persons, int rate,
            int seconds) throws InterruptedException {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            long due = (System.nanoTime() - start) / periodNanos + 1;
            while (sent.get() < Math.min(due, total)) {
                int n = sent.getAndIncrement();
                long intended = start + n * periodNanos;
                call(stubs[n % stubs.length], request(persons, n), latencies, n, intended, errors, done);
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        done.await(seconds + 60L, TimeUnit.SECONDS);
        ticker.shutdownNow();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return result(name, 0, latencies, total, errors.get(), elapsed);
    }

    /** {@code concurrency} clients each sending the next request when the answer arrives: throughput. */
    private Result closedLoop(String name, RecommendationServiceFutureStub[] stubs, List<String> persons,
            int concurrency, int total) throws InterruptedException {
        long[] latencies = new long[total];
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            chain(stubs, persons, latencies, next, total, errors, done);
        }
        done.await(300, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return result(name, concurrency, latencies, total, errors.get(), elapsed);
    }

    private void chain(RecommendationServiceFutureStub[] stubs, List<String> persons, long[] latencies,
            AtomicInteger next, int total, AtomicInteger errors, CountDownLatch done) {
        int n = next.getAndIncrement();
        if (n >= total) {
            return;
        }
        long sent = System.nanoTime();
        Futures.addCallback(stubs[n % stubs.length].recommend(request(persons, n)), new FutureCallback<>() {
            @Override
            public void onSuccess(RecommendResponse response) {
                latencies[n] = System.nanoTime() - sent;
                done.countDown();
                chain(stubs, persons, latencies, next, total, errors, done);
            }

            @Override
            public void onFailure(Throwable failure) {
                failed(failure);
                latencies[n] = System.nanoTime() - sent;
                errors.incrementAndGet();
                done.countDown();
                chain(stubs, persons, latencies, next, total, errors, done);
            }
        }, MoreExecutors.directExecutor());
    }

    private static void call(RecommendationServiceFutureStub stub, RecommendRequest request, long[] latencies, int n,
            long intended, AtomicInteger errors, CountDownLatch done) {
        Futures.addCallback(stub.recommend(request), new FutureCallback<>() {
            @Override
            public void onSuccess(RecommendResponse response) {
                latencies[n] = System.nanoTime() - intended;
                done.countDown();
            }

            @Override
            public void onFailure(Throwable failure) {
                failed(failure);
                latencies[n] = System.nanoTime() - intended;
                errors.incrementAndGet();
                done.countDown();
            }
        }, MoreExecutors.directExecutor());
    }

    private static Result result(String name, int concurrency, long[] latencies, long total, long errors,
            double seconds) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(name, concurrency, total, errors, seconds, percentile(sorted, 50), percentile(sorted, 90),
                percentile(sorted, 99), sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** "BENCH measure value unit target" lines for ./chezhu bench's table (the target: p99 < 10 ms at 1,000/s). */
    private static void benchLines(List<Result> results) {
        for (Result r : results) {
            String run = r.run().replace(",", "").replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "")
                    .toLowerCase(Locale.ROOT) + (r.concurrency() == 0 ? "" : "_" + r.concurrency());
            boolean target = r.run().contains("1,000 req/s");
            System.out.printf(Locale.ROOT, "BENCH recommendation.%s_p99_ms %.2f ms %s%n", run, r.p99(), target ? "<10" : "-");
            System.out.printf(Locale.ROOT, "BENCH recommendation.%s_req_per_s %.0f requests/s -%n", run,
                    r.requests() / r.seconds());
            System.out.printf(Locale.ROOT, "BENCH recommendation.%s_errors %d requests <=0%n", run, r.errors());
        }
    }

    private static void print(List<Result> results) {
        System.out.printf(Locale.ROOT, "%n| %-32s | %11s | %8s | %6s | %10s | %8s | %8s | %8s | %8s |%n", "run",
                "concurrency", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms");
        System.out.println("|" + "-".repeat(34) + "|" + "-".repeat(13) + "|" + "-".repeat(10) + "|" + "-".repeat(8)
                + "|" + "-".repeat(12) + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|"
                + "-".repeat(10) + "|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %-32s | %11s | %8d | %6d | %10.0f | %8.2f | %8.2f | %8.2f | %8.2f |%n",
                    r.run(), r.concurrency() == 0 ? "open" : Integer.toString(r.concurrency()), r.requests(),
                    r.errors(), r.requests() / r.seconds(), r.p50(), r.p90(), r.p99(), r.max());
        }
    }
}
