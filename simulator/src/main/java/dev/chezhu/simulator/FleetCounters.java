package dev.chezhu.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the platform answered during a fleet run, counted as it happened: every figure in the
 * summary and the report comes from here, so nothing is estimated or made up. Thread-safe: the
 * cars, the watchers and the dealers write concurrently.
 */
final class FleetCounters {

    private final AtomicLongArray storedPerSecond;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, AtomicLong>> breakdowns = new ConcurrentHashMap<>();
    private final List<Long> alertToOfferMillis = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private volatile long startNanos;

    FleetCounters(int seconds) {
        this.storedPerSecond = new AtomicLongArray(Math.max(1, seconds + 60));
        this.startNanos = System.nanoTime();
    }

    /** The per-second series counts from now on (when the cars start). */
    void startClock() {
        startNanos = System.nanoTime();
    }

    /** Datapoints durably stored, at the wall-clock second of the run they were acknowledged in. */
    void stored(int datapoints) {
        int second = (int) ((System.nanoTime() - startNanos) / 1_000_000_000L);
        if (second < storedPerSecond.length()) {
            storedPerSecond.addAndGet(second, datapoints);
        }
        add("telemetry.stored", datapoints);
    }

    void add(String counter, long amount) {
        counts.computeIfAbsent(counter, c -> new AtomicLong()).addAndGet(amount);
    }

    void increment(String counter) {
        add(counter, 1);
    }

    /** One more of {@code key} in the breakdown {@code name} (alerts by type, outcomes, reasons...). */
    void count(String name, String key) {
        breakdowns.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).computeIfAbsent(key, k -> new AtomicLong())
                .incrementAndGet();
    }

    void alertToOffer(long millis) {
        alertToOfferMillis.add(millis);
    }

    /** Something the platform refused or could not do; reported as it is, at most once per kind. */
    void problem(String what) {
        increment("problems");
        synchronized (problems) {
            if (problems.size() < 40 && !problems.contains(what)) {
                problems.add(what);
            }
        }
    }

    long get(String counter) {
        AtomicLong value = counts.get(counter);
        return value == null ? 0 : value.get();
    }

    Map<String, Long> breakdown(String name) {
        Map<String, Long> sorted = new TreeMap<>();
        Map<String, AtomicLong> values = breakdowns.get(name);
        if (values != null) {
            values.forEach((k, v) -> sorted.put(k, v.get()));
        }
        return sorted;
    }

    /** Stored datapoints per second for the first {@code seconds} seconds of the run. */
    long[] storedPerSecond(int seconds) {
        long[] series = new long[Math.min(seconds, storedPerSecond.length())];
        for (int i = 0; i < series.length; i++) {
            series[i] = storedPerSecond.get(i);
        }
        return series;
    }

    List<Long> alertToOfferMillis() {
        synchronized (alertToOfferMillis) {
            List<Long> sorted = new ArrayList<>(alertToOfferMillis);
            Collections.sort(sorted);
            return sorted;
        }
    }

    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /** The q-quantile (0..1) of sorted values, nearest rank; NaN when there are none. */
    static double quantile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
