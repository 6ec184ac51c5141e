package dev.chezhu.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * The Secrets the manifests may reference. None is committed: k8s/secrets/*.example list each one
 * with placeholder values, and the operators of the platform create the real ones from them.
 */
final class SecretExamples {

    private static volatile Map<String, Secret> loaded;

    private SecretExamples() {
    }

    static Path dir() {
        return Repo.k8s().resolve("secrets");
    }

    static List<Path> files() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".example")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every example Secret by name. */
    static Map<String, Secret> all() {
        if (loaded == null) {
            Map<String, Secret> secrets = new LinkedHashMap<>();
            for (Path file : files()) {
                for (Manifests.Doc doc : parse(file).docs) {
                    if (doc.typed() instanceof Secret secret) {
                        secrets.put(secret.getMetadata().getName(), secret);
                    }
                }
            }
            loaded = secrets;
        }
        return loaded;
    }

    static Manifests parse(Path file) {
        try {
            return Manifests.parse(file.getFileName().toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean exists(String name) {
        return all().containsKey(name);
    }

    static Set<String> keys(String name) {
        Secret secret = all().get(name);
        Set<String> keys = new LinkedHashSet<>();
        if (secret != null) {
            if (secret.getStringData() != null) {
                keys.addAll(secret.getStringData().keySet());
            }
            if (secret.getData() != null) {
                keys.addAll(secret.getData().keySet());
            }
        }
        return keys;
    }

    /** A non-secret value of an example (such as a role name under "username"), or null. */
    static String plainValue(String name, String key) {
        Secret secret = all().get(name);
        if (secret == null || secret.getStringData() == null) {
            return null;
        }
        return secret.getStringData().get(key);
    }
}
