package dev.chezhu.k8s;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the tests get their manifests: kubectl from the PATH, and a broken kustomization fails. */
class KustomizeTest {

    @Test
    void withoutKubectlTheTestsFailWithTheWayToInstallIt() {
        AssertionError error = assertThrows(AssertionError.class, () -> Kustomize.kubectl("/nonexistent:/also/nonexistent"));
        assertTrue(error.getMessage().contains("apt-get install kubernetes-client"), error.getMessage());
    }

    @Test
    void aKustomizationThatDoesNotBuildFails(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - missing.yaml\n");
        AssertionError error = assertThrows(AssertionError.class, () -> Kustomize.render(dir));
        assertTrue(error.getMessage().contains("failed"), error.getMessage());
    }
}
