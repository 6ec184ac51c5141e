package dev.chezhu.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <li>{@code demo [--vehicles 12] [--duration 60s] [--seed 42] [--report .chezhu/report/demo.html]} — the
 * guided scenario through every service, with checks, then a fleet for a short time; prints the
 * summary and writes the HTML report ({@code --vehicles 0}: the scenario alone)</li>
 * <li>{@code fleet [--vehicles 12] [--duration 60s] [--seed 42] [--speedup 10] [--hz 1] [--run id]
 * [--report file]} — a fleet of owners and cars against the platform; prints the summary and the
 * {@code BENCH} lines of the cross-service loop</li>
 * <li>{@code bench-gateway [--workers 16] [--seconds 20]} — the gateway's overhead against direct gRPC</li>
 * </ul>
 */
@QuarkusMain
public class SimulatorMain implements QuarkusApplication {

    @Inject
    DemoScenario demo;

    @Inject
    GatewayOverheadBenchmark gatewayOverhead;

    @Inject
    FleetRun fleet;

    @Override
    public int run(String... args) {
        String command = args.length == 0 ? "demo" : args[0];
        Map<String, String> flags = flags(args);
        switch (command) {
            case "demo" -> {
                Summary summary = demo.run();
                System.out.println(summary.render());
                FleetRun.Result result = null;
                FleetSummary fleetSummary = null;
                FleetRun.Options options = fleetOptions(flags, "12");
                if (options.vehicles() > 0) {
                    result = fleet.run(options);
                    fleetSummary = new FleetSummary(result);
                    System.out.println(fleetSummary.render());
                }
                writeReport(flags.getOrDefault("report", ".chezhu/report/demo.html"), summary, fleetSummary, result);
                return summary.failed() ? 1 : 0;
            }
            case "fleet" -> {
                FleetRun.Result result = fleet.run(fleetOptions(flags, "12"));
                FleetSummary fleetSummary = new FleetSummary(result);
                System.out.println(fleetSummary.render());
                fleetSummary.benchLines().forEach(System.out::println);
                if (flags.containsKey("report")) {
                    writeReport(flags.get("report"), null, fleetSummary, result);
                }
                return 0;
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
                // the absolute figures too: on a loaded machine the difference can be negative (noise > effect)
                System.out.printf(Locale.ROOT, "BENCH gateway.rest_p99_ms %.2f ms -%n", rest.p99Millis());
                System.out.printf(Locale.ROOT, "BENCH gateway.direct_grpc_p99_ms %.2f ms -%n", grpc.p99Millis());
                System.out.printf(Locale.ROOT, "BENCH gateway.rest_calls_per_s %.0f calls/s -%n", rest.throughput());
                System.out.printf(Locale.ROOT, "BENCH identity.grpc_get_person_calls_per_s %.0f calls/s -%n",
                        grpc.throughput());
                return 0;
            }
            default -> {
                System.err.println("usage: simulator demo [--vehicles N --duration 60s --seed 42 --report FILE]"
                        + " | fleet [--vehicles N --duration 60s --seed 42 --speedup 10 --hz 1 --run ID --report FILE]"
                        + " | bench-gateway [--workers N] [--seconds S]");
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

    static FleetRun.Options fleetOptions(Map<String, String> flags, String defaultVehicles) {
        long seed = Long.parseLong(flags.getOrDefault("seed", "42"));
        // a new run ID each time (new people, new cars) unless one is given: the seed alone sets the fleet's shape
        String run = flags.getOrDefault("run", Long.toString(System.currentTimeMillis() / 1000 % 1_000_000_000L, 36));
        return new FleetRun.Options(Integer.parseInt(flags.getOrDefault("vehicles", defaultVehicles)),
                duration(flags.getOrDefault("duration", "60s")), seed,
                Integer.parseInt(flags.getOrDefault("speedup", "10")), Integer.parseInt(flags.getOrDefault("hz", "1")),
                run.toLowerCase(Locale.ROOT));
    }

    /** {@code 90}, {@code 90s}, {@code 2m}. */
    static Duration duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        if (value.endsWith("s")) {
            value = value.substring(0, value.length() - 1);
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    private static void writeReport(String file, Summary scenario, FleetSummary fleetSummary, FleetRun.Result result) {
        Path path = Path.of(file).toAbsolutePath().normalize();
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, HtmlReport.render(scenario, fleetSummary, result));
            System.out.println("Report: " + path.toUri());
        } catch (IOException e) {
            System.err.println("could not write the report to " + path + ": " + e.getMessage());
        }
    }

    static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (args[i].startsWith("--")) {
                flags.put(args[i].substring(2), args[i + 1]);
            }
        }
        return flags;
    }
}
