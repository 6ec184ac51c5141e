package dev.chezhu.k8s;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The network rules of issue #8, spelled out connection by connection (the generic check derives them all). */
class NetworkExamplesTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.chezhu.k8s.Rendered#overlays")
    void whoReachesWhom(String overlay) {
        Manifests m = Rendered.overlay(overlay);
        Topology t = new Topology(m);
        NetworkModel net = new NetworkModel(t);
        Topology.Peer gateway = t.workloadPods.get("gateway");
        Topology.Peer identity = t.workloadPods.get("identity-service");
        Topology.Peer telematics = t.workloadPods.get("telematics-service");
        Topology.Peer recommendation = t.workloadPods.get("recommendation-service");
        Topology.Peer loyalty = t.workloadPods.get("loyalty-service");
        Topology.Peer redis = t.workloadPods.get("redis");
        Topology.Peer postgres = t.managed("CloudNativePG pod of chezhu-pg");
        Topology.Peer keycloak = t.managed("Keycloak pod of keycloak");
        Topology.Peer collector = t.managed("collector pod of chezhu-otel");
        Topology.Peer ingress = t.ingressPath("chezhu");

        // the gateway and the head units' ingress path reach the services
        assertTrue(net.allowed(gateway, identity, 8081));
        assertTrue(net.allowed(gateway, loyalty, 8084));
        assertTrue(net.allowed(ingress, telematics, 8082));
        assertTrue(net.allowed(ingress, recommendation, 8083));
        assertTrue(net.allowed(ingress, gateway, 8080));
        assertTrue(net.allowed(ingress, keycloak, 8080));
        // ... and nobody else
        assertFalse(net.allowed(ingress, identity, 8081));
        assertFalse(net.allowed(ingress, loyalty, 8084));
        // services reach the services they call (telematics, loyalty and recommendation call identity), no others
        assertTrue(net.allowed(telematics, identity, 8081));
        assertTrue(net.allowed(loyalty, identity, 8081));
        assertTrue(net.allowed(recommendation, identity, 8081));
        assertFalse(net.allowed(identity, telematics, 8082));
        assertFalse(net.allowed(identity, loyalty, 8084));
        assertFalse(net.allowed(recommendation, loyalty, 8084));
        assertFalse(net.allowed(Topology.strangerElsewhere(), identity, 8081));
        assertFalse(net.allowed(t.strangerHere(), gateway, 8080));
        // services reach PostgreSQL, Redis, Keycloak and the collector, and nothing outside
        for (Topology.Peer service : new Topology.Peer[] {identity, telematics, recommendation, loyalty}) {
            assertTrue(net.allowed(service, postgres, 5432), service + " -> postgres");
            assertTrue(net.allowed(service, redis, 6379), service + " -> redis");
            assertTrue(net.allowed(service, keycloak, 8080), service + " -> keycloak");
            assertTrue(net.allowed(service, collector, 4317), service + " -> collector");
            assertFalse(net.allowed(service, Topology.internet(), 443), service + " -> internet");
        }
        assertFalse(net.allowed(gateway, postgres, 5432), "the gateway has no database");
        assertFalse(net.allowed(ingress, postgres, 5432));
        assertFalse(net.allowed(ingress, redis, 6379));
        assertFalse(net.allowed(redis, Topology.internet(), 443));
    }
}
