package dev.chezhu.k8s;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * The NetworkPolicies, evaluated: a default deny; a policy of its own for every pod in both
 * directions; every connection the configuration implies allowed (each workload to the hosts it is
 * configured with, the ingress path to the routes' backends, Keycloak to its database, everybody to
 * DNS, the CloudNativePG operator to its instances); and nothing else between the services, from
 * other namespaces, from unrelated pods or from the ingress path to what no route exposes.
 */
final class NetworkChecks {

    private NetworkChecks() {
    }

    static List<String> check(Manifests m) {
        List<String> v = new ArrayList<>();
        Topology t = new Topology(m);
        NetworkModel net = new NetworkModel(t);

        boolean defaultDeny = net.policies.stream().anyMatch(np -> isDefaultDeny(np));
        if (!defaultDeny) {
            v.add("no default-deny NetworkPolicy (podSelector {}, Ingress and Egress, no rules)");
        }
        for (Topology.Peer pod : t.allPods()) {
            for (String type : List.of("Ingress", "Egress")) {
                boolean own = net.selecting(pod, type).stream().anyMatch(np -> !isDefaultDeny(np) && !selectsAll(np));
                if (!own) {
                    v.add(pod + ": no NetworkPolicy of its own for " + type);
                }
            }
        }

        // what must work
        Map<String, Flow> required = new LinkedHashMap<>();
        for (Workloads.Workload w : Workloads.of(m)) {
            Topology.Peer src = t.workloadPods.get(w.name());
            for (Topology.Endpoint e : t.configuredEndpoints(w)) {
                e.targetPorts().forEach((dst, port) -> require(required, src, dst, port, w.id() + " " + e.setting()));
            }
        }
        for (Manifests.Doc k : m.ofKind("Keycloak")) {
            JsonNode db = k.node().path("spec").path("db");
            t.resolve("db.host", db.path("host").asText(), db.path("port").asInt(5432)).ifPresent(e -> {
                for (Topology.Peer pod : List.of(t.managed("Keycloak pod of " + k.name()), t.managed("realm-import Job pod of " + k.name()))) {
                    e.targetPorts().forEach((dst, port) -> require(required, pod, dst, port, k.id() + " db"));
                }
            });
            Topology.Peer server = t.managed("Keycloak pod of " + k.name());
            require(required, server, server, 7800, "Keycloak cache clustering");
            // the API server has no label; an outside address on 443 stands for it
            require(required, t.managed("Keycloak operator"), Topology.internet(), 443, "the Keycloak Operator's API calls");
        }
        for (Manifests.Doc gateway : m.ofKind("Gateway")) {
            Topology.Peer ingress = t.ingressPath(gateway.name());
            for (Manifests.Doc route : routes(m)) {
                boolean attached = false;
                for (JsonNode parent : route.node().path("spec").path("parentRefs")) {
                    attached |= parent.path("name").asText().equals(gateway.name());
                }
                if (!attached) {
                    continue;
                }
                for (JsonNode rule : route.node().path("spec").path("rules")) {
                    for (JsonNode backend : rule.path("backendRefs")) {
                        t.resolve("backendRef", backend.path("name").asText(), backend.path("port").asInt()).ifPresent(e -> e.targetPorts()
                                .forEach((dst, port) -> require(required, ingress, dst, port, route.id())));
                    }
                }
            }
        }
        for (Manifests.Doc c : m.ofKind("Cluster")) {
            Topology.Peer pg = t.managed("CloudNativePG pod of " + c.name());
            require(required, Topology.cnpgOperator(), pg, 8000, "CloudNativePG operator status checks");
            require(required, pg, pg, 5432, "replication between instances");
            require(required, pg, Topology.internet(), 443, "the instance manager's API calls");
        }
        for (Flow f : required.values()) {
            if (!net.allowed(f.src(), f.dst(), f.port(), f.protocol())) {
                v.add("blocked but needed (" + f.reason() + "): " + f.src() + " -> " + f.dst() + ":" + f.port());
            }
        }
        for (Topology.Peer pod : t.allPods()) {
            if (!net.allowed(pod, Topology.kubeDns(), 53, "UDP")) {
                v.add("blocked but needed: " + pod + " -> DNS (kube-dns:53/UDP)");
            }
        }

        // what must not work
        Set<String> requiredKeys = new HashSet<>(required.keySet());
        List<Topology.Peer> services = t.workloadPods.entrySet().stream()
                .filter(e -> AppConfig.of(e.getKey()).isPresent()).map(Map.Entry::getValue).toList();
        for (Topology.Peer src : services) {
            for (Topology.Peer dst : services) {
                if (src == dst) {
                    continue;
                }
                for (int port : dst.ports()) {
                    if (!requiredKeys.contains(key(src, dst, port)) && net.allowed(src, dst, port)) {
                        v.add("open but not configured: " + src + " -> " + dst + ":" + port + " (a service reaches only the services it calls)");
                    }
                }
            }
            if (net.allowed(src, Topology.internet(), 443)) {
                v.add("open: " + src + " -> the internet:443");
            }
        }
        List<Topology.Peer> outsiders = new ArrayList<>(List.of(Topology.strangerElsewhere(), t.strangerHere()));
        for (Manifests.Doc gateway : m.ofKind("Gateway")) {
            outsiders.add(t.ingressPath(gateway.name()));
        }
        for (Topology.Peer outsider : outsiders) {
            for (Topology.Peer dst : t.allPods()) {
                for (int port : dst.ports()) {
                    if (!requiredKeys.contains(key(outsider, dst, port)) && net.allowed(outsider, dst, port)) {
                        v.add("open: " + outsider + " -> " + dst + ":" + port);
                    }
                }
            }
        }
        return v;
    }

    record Flow(Topology.Peer src, Topology.Peer dst, int port, String protocol, String reason) {
    }

    private static void require(Map<String, Flow> required, Topology.Peer src, Topology.Peer dst, int port, String reason) {
        required.putIfAbsent(key(src, dst, port), new Flow(src, dst, port, "TCP", reason));
    }

    private static String key(Topology.Peer src, Topology.Peer dst, int port) {
        return src.id() + " -> " + dst.id() + ":" + port;
    }

    static List<Manifests.Doc> routes(Manifests m) {
        List<Manifests.Doc> routes = new ArrayList<>(m.ofKind("GRPCRoute"));
        routes.addAll(m.ofKind("HTTPRoute"));
        return routes;
    }

    static boolean isDefaultDeny(NetworkPolicy np) {
        var spec = np.getSpec();
        return selectsAll(np) && NetworkModel.types(np).containsAll(List.of("Ingress", "Egress"))
                && (spec.getIngress() == null || spec.getIngress().isEmpty()) && (spec.getEgress() == null || spec.getEgress().isEmpty());
    }

    private static boolean selectsAll(NetworkPolicy np) {
        var selector = np.getSpec().getPodSelector();
        return selector == null || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()));
    }
}
