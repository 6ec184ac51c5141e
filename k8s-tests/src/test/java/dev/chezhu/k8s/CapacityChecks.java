package dev.chezhu.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

/**
 * PostgreSQL's connection budget: at the autoscalers' maximum, the services' pools (reactive and
 * Flyway's JDBC, as application.properties and the environment size them) and Keycloak's pools
 * fit in max_connections, with room for the operator and superuser slots.
 */
final class CapacityChecks {

    static final int RESERVED = 10;
    private static final int QUARKUS_DEFAULT_POOL = 20;
    private static final int KEYCLOAK_DEFAULT_POOL = 100;
    private static final int POSTGRES_DEFAULT_MAX_CONNECTIONS = 100;

    private CapacityChecks() {
    }

    static List<String> check(Manifests m) {
        List<String> v = new ArrayList<>();
        for (Manifests.Doc cluster : m.ofKind("Cluster")) {
            int max = Topology.parseInt(cluster.node().path("spec").path("postgresql").path("parameters").path("max_connections").asText(null),
                    POSTGRES_DEFAULT_MAX_CONNECTIONS);
            List<String> lines = new ArrayList<>();
            int total = 0;
            for (Workloads.Workload w : Workloads.of(m)) {
                Optional<AppConfig> app = AppConfig.of(w.name());
                if (app.isEmpty() || !app.get().hasDatasource() || w.containers().isEmpty()) {
                    continue;
                }
                Map<String, String> env = Workloads.environment(m, w.containers().get(0));
                if (!(cluster.name() + "-rw").equals(env.get("DB_HOST"))) {
                    continue;
                }
                int reactive = Topology.parseInt(env.get("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE"),
                        app.get().intProperty("quarkus.datasource.reactive.max-size", QUARKUS_DEFAULT_POOL));
                int jdbc = Topology.parseInt(env.get("QUARKUS_DATASOURCE_JDBC_MAX_SIZE"),
                        app.get().intProperty("quarkus.datasource.jdbc.max-size", QUARKUS_DEFAULT_POOL));
                int pods = maxPods(m, w);
                total += pods * (reactive + jdbc);
                lines.add(w.name() + " " + pods + " x (" + reactive + " + " + jdbc + ")");
            }
            for (Manifests.Doc k : m.ofKind("Keycloak")) {
                JsonNode spec = k.node().path("spec");
                if (!spec.path("db").path("host").asText().equals(cluster.name() + "-rw")) {
                    continue;
                }
                int instances = spec.path("instances").asInt(1);
                int pool = spec.path("db").path("poolMaxSize").asInt(KEYCLOAK_DEFAULT_POOL);
                total += instances * pool;
                lines.add("keycloak " + instances + " x " + pool);
            }
            if (total + RESERVED > max) {
                v.add(cluster.id() + ": up to " + total + " connections (" + String.join(", ", lines) + ") + " + RESERVED
                        + " reserved exceed max_connections " + max);
            }
        }
        return v;
    }

    private static int maxPods(Manifests m, Workloads.Workload w) {
        return m.typed(HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(w.name()) && h.getSpec().getScaleTargetRef().getKind().equals(w.kind()))
                .map(h -> h.getSpec().getMaxReplicas()).findFirst().orElse(w.replicas() == null ? 1 : w.replicas());
    }
}
