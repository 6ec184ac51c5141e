package dev.chezhu.identity.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.chezhu.identity.bench.SyntheticTouchpoints.Touchpoint;
import dev.chezhu.identity.v1.BatchIdentifyPersonsRequest;
import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.IdentifyPersonResponse;
import dev.chezhu.identity.v1.Identifier;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.LookupPersonRequest;
import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A benchmark, not a timed test: concurrent gRPC clients (in this JVM, sharing the cores with the
 * service, PostgreSQL and Redis) send synthetic observations through the real service for a fixed
 * time, then resolve identifiers from the cache. Prints observations/s and latency percentiles.
 *
 * <pre>mvn -pl identity-service test -Pbenchmark [-Dbenchmark.clients=16 -Dbenchmark.seconds=30]</pre>
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@Tag("benchmark")
class ResolutionBenchmarkTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    RedisDataSource redis;

    private record Phase(int completed, double seconds, long[] latencies, Map<String, Integer> outcomes) {

        double perSecond() {
            return completed / seconds;
        }
    }

    private interface Call {
        String run(int index);
    }

    /** Runs {@code call} from {@code clients} threads: warm-up, then a measured window (null ends a thread). */
    private static Phase run(int clients, int warmupSeconds, int seconds, Call call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> futures = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (true) {
                    long startedAt = System.nanoTime();
                    if (startedAt >= end) {
                        break;
                    }
                    String outcome = call.run(next.getAndIncrement());
                    if (outcome == null) {
                        break;
                    }
                    long took = System.nanoTime() - startedAt;
                    if (startedAt >= warmupEnd) {
                        if (n == latencies.length) {
                            latencies = java.util.Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = took;
                        outcomes.merge(outcome, 1, Integer::sum);
                    }
                }
                return java.util.Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> perThread = new ArrayList<>();
        for (Future<long[]> f : futures) {
            long[] l = f.get();
            perThread.add(l);
            counts.add(l.length);
        }
        pool.shutdown();
        long[] all = BenchSupport.sorted(perThread, counts);
        double measured = Math.min(seconds, Math.max(1e-9, (System.nanoTime() - warmupEnd) / 1e9));
        return new Phase(all.length, measured, all, new TreeMap<>(outcomes));
    }

    @Test
    void benchmark() throws Exception {
        int clients = Integer.getInteger("benchmark.clients", 16);
        int seconds = Integer.getInteger("benchmark.seconds", 30);
        int warmup = Integer.getInteger("benchmark.warmup", 10);
        BenchSupport.flushIdentityKeys(redis);
        String load = BenchSupport.machine();
        List<Touchpoint> touchpoints = new SyntheticTouchpoints(4711, 20).generate(
                Integer.getInteger("benchmark.persons", 30_000), "b");
        IdentityServiceBlockingStub stub = identity.withCallCredentials(new RefreshingCredentials(TestCallers::partner));

        List<Identifier> resolvable = java.util.Collections.synchronizedList(new ArrayList<>());
        Phase identify = run(clients, warmup, seconds, i -> {
            Touchpoint t = touchpoints.get(i % touchpoints.size());
            try {
                IdentifyPersonResponse response = stub.identifyPerson(i < touchpoints.size() ? t.request()
                        : t.request().toBuilder().setRequestId(t.request().getRequestId() + "-" + i).build());
                if (resolvable.size() < 5_000) {
                    t.request().getIdentifiersList().stream()
                            .filter(id -> id.getType() == IdentifierType.IDENTIFIER_TYPE_APP_ACCOUNT
                                    || id.getType() == IdentifierType.IDENTIFIER_TYPE_HEAD_UNIT_DEVICE)
                            .findFirst().ifPresent(resolvable::add);
                }
                return response.getOutcome().name().replace("RESOLUTION_OUTCOME_", "");
            } catch (StatusRuntimeException e) {
                return "refused:" + ErrorDetails.errorInfo(e).map(x -> x.getReason()).orElse(e.getStatus().getCode().name());
            }
        });

        // bulk ingestion: the rest of the population in batches
        int batchSize = Integer.getInteger("benchmark.batch", 200);
        int batchClients = Integer.getInteger("benchmark.batchClients", 4);
        int offset = identify.completed() + clients * 64;
        Phase batches = run(batchClients, warmup / 2, seconds, i -> {
            int from = offset + i * batchSize;
            if (from + batchSize > touchpoints.size()) {
                return null;
            }
            try {
                stub.batchIdentifyPersons(BatchIdentifyPersonsRequest.newBuilder()
                        .addAllRequests(touchpoints.subList(from, from + batchSize).stream().map(Touchpoint::request).toList())
                        .build());
                return "batch";
            } catch (StatusRuntimeException e) {
                return "refused:" + ErrorDetails.errorInfo(e).map(x -> x.getReason()).orElse(e.getStatus().getCode().name());
            }
        });

        List<Identifier> keys = new ArrayList<>(resolvable);
        Phase coldLookups = run(Math.min(clients, 8), 0, 5, i -> {
            if (i >= keys.size()) {
                return null;
            }
            try {
                stub.lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(keys.get(i)).build());
                return "found";
            } catch (StatusRuntimeException e) {
                return "refused:" + ErrorDetails.errorInfo(e).map(x -> x.getReason()).orElse("?");
            }
        });
        // every key looked up once more so the measured phase reads from the cache only
        for (int i = 0; i < keys.size(); i++) {
            try {
                stub.lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(keys.get(i)).build());
            } catch (StatusRuntimeException e) {
                // an identifier refused by a guardrail stays a miss
            }
        }
        Phase cached = run(clients, 3, Math.max(10, seconds / 2), i -> {
            try {
                stub.lookupPerson(LookupPersonRequest.newBuilder()
                        .setIdentifier(keys.get(ThreadLocalRandom.current().nextInt(keys.size()))).build());
                return "found";
            } catch (StatusRuntimeException e) {
                return "refused:" + ErrorDetails.errorInfo(e).map(x -> x.getReason()).orElse("?");
            }
        });

        // latency as one head unit or gateway instance sees it: two clients, no queue
        Phase quiet = run(2, 2, 10, i -> {
            try {
                stub.lookupPerson(LookupPersonRequest.newBuilder()
                        .setIdentifier(keys.get(ThreadLocalRandom.current().nextInt(keys.size()))).build());
                return "found";
            } catch (StatusRuntimeException e) {
                return "refused";
            }
        });

        String report = """
                identity-service benchmark
                  machine              %s (at start)
                  clients              %d concurrent gRPC clients in the same JVM, real Keycloak tokens
                  IdentifyPerson       %.0f observations/s over %d s after %d s warm-up (%d observations: %s)
                    latency            p50 %s ms, p99 %s ms
                  BatchIdentifyPersons %.0f observations/s (%d clients, batches of %d, %d batches: %s)
                    batch latency      p50 %s ms, p99 %s ms
                  LookupPerson cached  %d clients: %.0f lookups/s over %d s, %d distinct identifiers
                    latency            p50 %s ms, p99 %s ms, p99.9 %s ms
                  LookupPerson cached  2 clients: %.0f lookups/s, p50 %s ms, p99 %s ms, p99.9 %s ms
                  LookupPerson miss    p50 %s ms, p99 %s ms (first lookup of an identifier: Redis miss, PostgreSQL, fill)
                  load average at end  %s
                """.formatted(load, clients, identify.perSecond(), seconds, warmup, identify.completed(),
                identify.outcomes(), BenchSupport.fmt(BenchSupport.percentileMillis(identify.latencies(), 50)),
                BenchSupport.fmt(BenchSupport.percentileMillis(identify.latencies(), 99)),
                batches.outcomes().getOrDefault("batch", 0) * (double) batchSize / batches.seconds(), batchClients,
                batchSize, batches.completed(), batches.outcomes(),
                BenchSupport.fmt(BenchSupport.percentileMillis(batches.latencies(), 50)),
                BenchSupport.fmt(BenchSupport.percentileMillis(batches.latencies(), 99)), clients, cached.perSecond(),
                (int) cached.seconds(), keys.size(), BenchSupport.fmt(BenchSupport.percentileMillis(cached.latencies(), 50)),
                BenchSupport.fmt(BenchSupport.percentileMillis(cached.latencies(), 99)),
                BenchSupport.fmt(BenchSupport.percentileMillis(cached.latencies(), 99.9)), quiet.perSecond(),
                BenchSupport.fmt(BenchSupport.percentileMillis(quiet.latencies(), 50)),
                BenchSupport.fmt(BenchSupport.percentileMillis(quiet.latencies(), 99)),
                BenchSupport.fmt(BenchSupport.percentileMillis(quiet.latencies(), 99.9)),
                BenchSupport.fmt(BenchSupport.percentileMillis(coldLookups.latencies(), 50)),
                BenchSupport.fmt(BenchSupport.percentileMillis(coldLookups.latencies(), 99)), BenchSupport.loadAverage());
        BenchSupport.report("benchmark.txt", report);
        BenchSupport.benchLine("identity.observations_per_s", identify.perSecond(), "observations/s", ">=10000");
        BenchSupport.benchLine("identity.batch_observations_per_s",
                batches.outcomes().getOrDefault("batch", 0) * (double) batchSize / batches.seconds(), "observations/s", ">=10000");
        BenchSupport.benchLine("identity.lookup_cached_p99_ms", BenchSupport.percentileMillis(cached.latencies(), 99), "ms", "<5");
        BenchSupport.benchLine("identity.lookup_cached_p99_ms_2_clients", BenchSupport.percentileMillis(quiet.latencies(), 99), "ms", "<5");
        BenchSupport.benchLine("identity.lookup_miss_p99_ms", BenchSupport.percentileMillis(coldLookups.latencies(), 99), "ms", "-");
    }
}
