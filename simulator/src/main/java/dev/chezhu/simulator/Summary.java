package dev.chezhu.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What each part of the platform did during a run, printed for a product manager. */
final class Summary {

    private final Map<String, List<String>> lines = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    void add(String component, String line) {
        lines.computeIfAbsent(component, c -> new ArrayList<>()).add(line);
    }

    /** A check that must hold; a failed one makes the demo exit non-zero. */
    void check(String component, boolean holds, String what) {
        add(component, (holds ? "[ok]   " : "[FAIL] ") + what);
        if (!holds) {
            failures.add(component + ": " + what);
        }
    }

    Map<String, List<String>> lines() {
        return lines;
    }

    List<String> failures() {
        return failures;
    }

    boolean failed() {
        return !failures.isEmpty();
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append('\n').append("Chezhu demo - what each service did").append('\n');
        out.append("=".repeat(72)).append('\n');
        lines.forEach((component, entries) -> {
            out.append(component).append('\n');
            entries.forEach(line -> out.append("    ").append(line).append('\n'));
        });
        out.append("=".repeat(72)).append('\n');
        out.append(failures.isEmpty() ? "All checks held." : failures.size() + " check(s) failed: " + failures)
                .append('\n');
        return out.toString();
    }
}
