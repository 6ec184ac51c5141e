package dev.chezhu.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the repository and its kustomize tree are. */
final class Repo {

    private Repo() {
    }

    static Path root() {
        return Path.of(System.getProperty("chezhu.root", "..")).toAbsolutePath().normalize();
    }

    static Path k8s() {
        return root().resolve("k8s");
    }

    static Path realmFile() {
        return root().resolve("infra/keycloak/chezhu-realm.json");
    }

    /** Every directory under k8s/overlays that holds a kustomization: all of them are checked. */
    static List<Path> overlays() {
        Path dir = k8s().resolve("overlays");
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> overlays = children.filter(Files::isDirectory)
                    .filter(Repo::isKustomization)
                    .sorted()
                    .toList();
            if (overlays.isEmpty()) {
                throw new AssertionError("no overlay with a kustomization.yaml under " + dir);
            }
            return overlays;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path overlay(String name) {
        return k8s().resolve("overlays").resolve(name);
    }

    static boolean isKustomization(Path dir) {
        return Files.isRegularFile(dir.resolve("kustomization.yaml")) || Files.isRegularFile(dir.resolve("kustomization.yml"))
                || Files.isRegularFile(dir.resolve("Kustomization"));
    }

    /** The application.properties of the module named like a Deployment, if that module is a Quarkus service. */
    static Path applicationProperties(String module) {
        return root().resolve(module).resolve("src/main/resources/application.properties");
    }
}
