package dev.chezhu.simulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * {@code java -jar simulator/target/quarkus-app/quarkus-run.jar <command> [--flag value]...}
 * <ul>
 * <li>{@code demo} — the guided scenario through every service, with checks</li>
 * <li>{@code bench-gateway [--workers 16] [--seconds 20]} — the gateway's overhead against direct gRPC</li>
 * </ul>
 */
@QuarkusMain
public class SimulatorMain implements QuarkusApplication {

    @Inject
    DemoScenario demo;

    @Inject
    GatewayOverheadBenchmark gatewayOverhead;

    @Override
    public int run(String... args) {
        String command = args.length == 0 ? "demo" : args[0];
        Map<String, String> flags = flags(args);
        switch (command) {
            case "demo" -> {
                Summary summary = demo.run();
                System.out.println(summary.render());
                return summary.failed() ? 1 : 0;
            }
            case "bench-gateway" -> {
                int workers = Integer.parseInt(flags.getOrDefault("workers", "16"));
                Duration measure = Duration.ofSeconds(Long.parseLong(flags.getOrDefault("seconds", "20")));
                List<LoadGenerator.Result> results = gatewayOverhead.run(workers, measure);
                System.out.println(table(results, workers));
                LoadGenerator.Result grpc = results.get(0);
                LoadGenerator.Result rest = results.get(1);
                System.out.printf(Locale.ROOT, "gateway overhead: p50 +%.2f ms, p99 +%.2f ms, throughput x%.2f%n",
                        rest.p50Millis() - grpc.p50Millis(), rest.p99Millis() - grpc.p99Millis(),
                        rest.throughput() / grpc.throughput());
                // machine-readable lines that ./chezhu bench aggregates into docs/benchmarks.md
                System.out.printf(Locale.ROOT, "BENCH gateway.added_p99_ms %.2f ms <2%n",
                        rest.p99Millis() - grpc.p99Millis());
                System.out.printf(Locale.ROOT, "BENCH gateway.added_p50_ms %.2f ms -%n",
                        rest.p50Millis() - grpc.p50Millis());
                System.out.printf(Locale.ROOT, "BENCH gateway.rest_calls_per_s %.0f calls/s -%n", rest.throughput());
                System.out.printf(Locale.ROOT, "BENCH identity.grpc_get_person_calls_per_s %.0f calls/s -%n",
                        grpc.throughput());
                return 0;
            }
            default -> {
                System.err.println("usage: simulator demo | bench-gateway [--workers N] [--seconds S]");
                return 2;
            }
        }
    }

    static String table(List<LoadGenerator.Result> results, int workers) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%-36s %9s %7s %12s %9s %9s%n", "operation (" + workers + " workers)",
                "calls", "errors", "calls/s", "p50 ms", "p99 ms"));
        for (LoadGenerator.Result r : results) {
            out.append(String.format(Locale.ROOT, "%-36s %9d %7d %12.0f %9.2f %9.2f%n", r.name(), r.calls(), r.errors(),
                    r.throughput(), r.p50Millis(), r.p99Millis()));
        }
        return out.toString();
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (args[i].startsWith("--")) {
                flags.put(args[i].substring(2), args[i + 1]);
            }
        }
        return flags;
    }
}
