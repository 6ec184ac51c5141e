package dev.chezhu.k8s;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;

/** Rendered overlays, rendered once per test run, and the assertion every check ends with. */
final class Rendered {

    private static final Map<Path, Manifests> CACHE = new ConcurrentHashMap<>();

    private Rendered() {
    }

    static Manifests overlay(Path dir) {
        return CACHE.computeIfAbsent(dir, d -> Manifests.parse("overlay " + d.getFileName(), Kustomize.render(d)));
    }

    static Manifests overlay(String name) {
        return overlay(Repo.overlay(name));
    }

    /** Arguments for parameterised tests: every overlay's directory name. */
    static Stream<String> overlays() {
        return Repo.overlays().stream().map(p -> p.getFileName().toString());
    }

    static void assertNone(String what, List<String> violations) {
        Assertions.assertTrue(violations.isEmpty(),
                () -> what + ": " + violations.size() + " problem(s)\n  - " + String.join("\n  - ", violations));
    }
}
