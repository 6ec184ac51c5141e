package dev.chezhu.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator: N workers call an operation back to back for a fixed time; every
 * latency is kept, so percentiles are exact. Bounded by count of workers and by time.
 */
final class LoadGenerator {

    /** What a run measured. */
    record Result(String name, long calls, long errors, double seconds, double p50Millis, double p99Millis) {

        double throughput() {
            return calls / seconds;
        }
    }

    /** One call; throws on failure. */
    interface Operation {
        void call(int worker) throws Exception;
    }

    private LoadGenerator() {
    }

    static Result run(String name, int workers, Duration warmUp, Duration measure, Operation operation) {
        measureFor(workers, warmUp, operation);
        long[][] latencies = new long[workers][];
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        List<long[]> perWorker = measureFor(workers, measure, (worker) -> operation.call(worker), errors);
        double seconds = (System.nanoTime() - started) / 1e9;
        for (int i = 0; i < workers; i++) {
            latencies[i] = perWorker.get(i);
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(name, all.length, errors.get(), seconds, percentile(all, 0.50), percentile(all, 0.99));
    }

    private static void measureFor(int workers, Duration duration, Operation operation) {
        measureFor(workers, duration, operation, new AtomicLong());
    }

    private static List<long[]> measureFor(int workers, Duration duration, Operation operation, AtomicLong errors) {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long deadline = System.nanoTime() + duration.toNanos();
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                futures.add(pool.submit(() -> {
                    long[] samples = new long[1024];
                    int count = 0;
                    while (System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        try {
                            operation.call(worker);
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (count == samples.length) {
                            samples = Arrays.copyOf(samples, count * 2);
                        }
                        samples[count++] = System.nanoTime() - start;
                    }
                    return Arrays.copyOf(samples, count);
                }));
            }
            List<long[]> results = new ArrayList<>();
            for (Future<long[]> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
