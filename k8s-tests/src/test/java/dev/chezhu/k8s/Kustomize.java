package dev.chezhu.k8s;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs {@code kubectl kustomize} on a directory. kubectl must be on the PATH: Debian's
 * kubernetes-client package (kubectl 1.20, kustomize v2.0.3) is enough, any newer kubectl too.
 */
final class Kustomize {

    /**
     * The only lines kubectl may print besides the manifests: kustomize v5's notes that a field
     * kustomize v2.0.3 needs (bases, patchesStrategicMerge, patchesJson6902) is deprecated.
     */
    private static final Pattern DEPRECATION = Pattern.compile("^# Warning: '[A-Za-z0-9]+' is deprecated\\..*");
    private static final Map<Path, String> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The rendered YAML of a kustomization directory; fails on a non-zero exit or any unexpected stderr. */
    static String render(Path dir) {
        return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), Kustomize::run);
    }

    private static String run(Path dir) {
        Path kubectl = kubectl(System.getenv("PATH"));
        try {
            Path out = Files.createTempFile("kustomize-", ".yaml");
            Path err = Files.createTempFile("kustomize-", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + dir + " did not finish within 120 s");
                }
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                String stderr = Files.readString(err, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n" + stderr);
                }
                List<String> unexpected = new ArrayList<>();
                for (String line : stderr.split("\n")) {
                    if (!line.isBlank() && !DEPRECATION.matcher(line.strip()).matches()) {
                        unexpected.add(line);
                    }
                }
                if (!unexpected.isEmpty()) {
                    throw new AssertionError("kubectl kustomize " + dir + " printed to stderr:\n" + String.join("\n", unexpected));
                }
                if (stdout.isBlank()) {
                    throw new AssertionError("kubectl kustomize " + dir + " rendered nothing");
                }
                return stdout;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + dir, e);
        }
    }

    /** kubectl on the given PATH, or an error that says how to get it. Never a skip. */
    static Path kubectl(String path) {
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                Path candidate = Path.of(entry, "kubectl");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("kubectl is not on the PATH; the manifest tests render k8s/ with `kubectl kustomize`. "
                + "Install it (Debian: apt-get install kubernetes-client) and run the tests again.");
    }
}
