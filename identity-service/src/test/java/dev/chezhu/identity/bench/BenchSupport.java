package dev.chezhu.identity.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.quarkus.redis.datasource.RedisDataSource;

/** Small helpers shared by the evaluation and the benchmark. */
final class BenchSupport {

    private BenchSupport() {
    }

    /** Starts from an empty cache: the database was cleaned, entries of an earlier run would lie. */
    static void flushIdentityKeys(RedisDataSource redis) {
        var keys = redis.key().keys("identity:*");
        for (int i = 0; i < keys.size(); i += 500) {
            List<String> batch = keys.subList(i, Math.min(keys.size(), i + 500));
            redis.key().del(batch.toArray(String[]::new));
        }
    }

    /**
     * One "BENCH measure value unit target" line: ./chezhu bench collects these from every module
     * into one table (docs/benchmarks.md) with the median of the runs and a met/missed verdict.
     */
    static void benchLine(String measure, double value, String unit, String target) {
        System.out.println(String.format(Locale.ROOT, "BENCH %s %.3f %s %s", measure, value, unit, target));
    }

    static void report(String file, String text) {
        System.out.println();
        System.out.println(text);
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            Files.writeString(target.resolve(file), text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Percentile (0-100) of latencies in nanoseconds, in milliseconds. */
    static double percentileMillis(long[] sortedNanos, double percentile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1_000_000.0;
    }

    static long[] sorted(List<long[]> perThread, List<Integer> counts) {
        int total = counts.stream().mapToInt(Integer::intValue).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < perThread.size(); i++) {
            System.arraycopy(perThread.get(i), 0, all, at, counts.get(i));
            at += counts.get(i);
        }
        Arrays.sort(all);
        return all;
    }

    static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version") + ", load average "
                + loadAverage();
    }

    /** The 1-minute load average (other processes share the cores), or "?" where unknown. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
