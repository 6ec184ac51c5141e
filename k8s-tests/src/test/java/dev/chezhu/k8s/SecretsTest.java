package dev.chezhu.k8s;

import static dev.chezhu.k8s.Rendered.assertNone;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;

/** Secrets are referenced, listed as examples with placeholders, and never committed. */
class SecretsTest {

    @Test
    void theExamplesAreStrictSecretsWithPlaceholderValues() {
        assertFalse(SecretExamples.files().isEmpty(), "no k8s/secrets/*.example");
        List<String> v = new ArrayList<>();
        for (Path file : SecretExamples.files()) {
            Manifests m = SecretExamples.parse(file);
            v.addAll(ParseChecks.strict(m));
            for (Manifests.Doc doc : m.docs) {
                if (!(doc.typed() instanceof Secret secret)) {
                    v.add(file.getFileName() + ": " + doc.id() + " is not a Secret");
                    continue;
                }
                if (secret.getData() != null && !secret.getData().isEmpty()) {
                    v.add(file.getFileName() + ": " + doc.id() + " uses data; examples use stringData placeholders");
                }
                Map<String, String> values = secret.getStringData() == null ? Map.of() : secret.getStringData();
                values.forEach((key, value) -> {
                    if (!key.equals("username") && !value.startsWith("CHANGE_ME")) {
                        v.add(file.getFileName() + ": " + doc.id() + " key " + key + " holds a value instead of a CHANGE_ME placeholder");
                    }
                });
            }
        }
        assertNone("k8s/secrets", v);
    }

    @Test
    void noSecretManifestIsCommittedUnderK8s() throws IOException {
        List<String> v = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Repo.k8s())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".example") || !(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"))) {
                    continue;
                }
                if (Files.readString(file).lines().anyMatch(l -> l.matches("\\s*\"?kind\"?\\s*:\\s*\"?Secret\"?\\s*,?\\s*"))) {
                    v.add(Repo.k8s().relativize(file) + " defines a Secret");
                }
                if (name.startsWith("kustomization") && Files.readString(file).contains("secretGenerator")) {
                    v.add(Repo.k8s().relativize(file) + " generates a Secret");
                }
            }
        }
        assertNone("k8s/", v);
    }
}
