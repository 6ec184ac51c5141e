package dev.chezhu.identity.bench;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Evaluation and benchmark runs: the test profile (test database, cleaned at start; Redis db 1),
 * with traces sampled at 1% as a production deployment would, instead of every span kept in memory.
 */
public class BenchProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.traces.sampler", "parentbased_traceidratio",
                "quarkus.otel.traces.sampler.arg", "0.01");
    }
}
