package dev.chezhu.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's application.properties expects from its environment in the prod profile (the
 * one a container runs): the ${UPPER_CASE} variables it reads and its property values. Read-only.
 */
final class AppConfig {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

    final String module;
    final Map<String, String> properties;
    final Set<String> environmentVariables;

    private AppConfig(String module, Map<String, String> properties, Set<String> environmentVariables) {
        this.module = module;
        this.properties = properties;
        this.environmentVariables = environmentVariables;
    }

    /** The configuration of the module called like the workload, if that module is a Quarkus service. */
    static Optional<AppConfig> of(String module) {
        Path file = Repo.applicationProperties(module);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Map<String, String> properties = new LinkedHashMap<>();
            Set<String> variables = new LinkedHashSet<>();
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                    continue;
                }
                if (line.startsWith("%")) {
                    if (!line.startsWith("%prod.")) {
                        continue;
                    }
                    line = line.substring("%prod.".length());
                }
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                properties.put(key, value);
                Matcher matcher = ENV_REFERENCE.matcher(value);
                while (matcher.find()) {
                    variables.add(matcher.group(1));
                }
            }
            if (!properties.containsKey("quarkus.http.port") && !properties.containsKey("quarkus.application.name")) {
                return Optional.empty();
            }
            return Optional.of(new AppConfig(module, properties, variables));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean hasDatasource() {
        return properties.containsKey("quarkus.datasource.db-kind");
    }

    boolean migratesAtStart() {
        return "true".equals(properties.get("quarkus.flyway.migrate-at-start"));
    }

    int intProperty(String key, int fallback) {
        String value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
