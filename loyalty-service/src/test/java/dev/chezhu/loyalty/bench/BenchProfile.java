package dev.chezhu.loyalty.bench;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The benchmark's service: the test database and Keycloak like the tests, production settings
 * otherwise; traces sampled at 1 % (a redemption per trace would only measure the exporter), quiet logs.
 */
public class BenchProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.otel.traces.sampler", "parentbased_traceidratio",
                "quarkus.otel.traces.sampler.arg", "0.01",
                "quarkus.log.category.\"io.quarkus.opentelemetry\".level", "ERROR",
                "quarkus.log.category.\"io.opentelemetry\".level", "OFF",
                "quarkus.datasource.reactive.max-size", System.getProperty("bench.pool", "20"));
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
