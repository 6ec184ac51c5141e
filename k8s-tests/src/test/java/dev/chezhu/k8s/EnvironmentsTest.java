package dev.chezhu.k8s;

import static dev.chezhu.k8s.Rendered.assertNone;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** What distinguishes the two environments. */
class EnvironmentsTest {

    @Test
    void prodRunsEveryStatelessServiceHighlyAvailable() {
        assertNone("prod", HighAvailabilityChecks.check(Rendered.overlay("prod")));
    }

    @Test
    void devRunsOneReplicaOfEverything() {
        Manifests dev = Rendered.overlay("dev");
        List<String> v = new ArrayList<>();
        for (Deployment d : dev.typed(Deployment.class)) {
            if (d.getSpec().getReplicas() == null || d.getSpec().getReplicas() != 1) {
                v.add(d.getMetadata().getName() + " runs " + d.getSpec().getReplicas() + " replicas");
            }
        }
        dev.ofKind("Cluster").forEach(c -> {
            if (c.node().path("spec").path("instances").asInt() != 1) {
                v.add(c.id() + " runs " + c.node().path("spec").path("instances").asInt() + " instances");
            }
        });
        assertNone("dev", v);
    }

    @Test
    void theHighAvailabilityCheckWouldCatchDev() {
        // the prod check is not vacuous: dev, with one replica and no budgets, fails it
        assertEquals(false, HighAvailabilityChecks.check(Rendered.overlay("dev")).isEmpty());
    }
}
