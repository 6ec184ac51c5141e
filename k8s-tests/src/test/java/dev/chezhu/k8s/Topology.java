package dev.chezhu.k8s;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * Who runs in the namespace and how names resolve: the pods of our workloads, the pods and
 * Services the operators create from our custom resources (named and labelled as CloudNativePG,
 * the Keycloak Operator and the OpenTelemetry Operator do), and peers outside the namespace.
 */
final class Topology {

    /** A pod (one per template: replicas behave alike), or an address outside the cluster. */
    record Peer(String id, String namespace, Map<String, String> labels, Map<String, Integer> namedPorts, List<Integer> ports,
            String ip) {

        static Peer pod(String id, String namespace, Map<String, String> labels, Map<String, Integer> namedPorts, List<Integer> ports) {
            return new Peer(id, namespace, Map.copyOf(labels), Map.copyOf(namedPorts), List.copyOf(ports), null);
        }

        static Peer address(String id, String ip) {
            return new Peer(id, null, Map.of(), Map.of(), List.of(), ip);
        }

        boolean isAddress() {
            return ip != null;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** A Service: which pods it selects and its ports (port to target port, numeric or named). */
    record Svc(String name, List<Peer> pods, Map<Integer, IntOrString> ports, Map<Integer, String> appProtocols, boolean managed) {
    }

    /** A host and port a workload's configuration points at, resolved to pods and their port. */
    record Endpoint(String setting, String host, int port, Svc service, List<Peer> pods, Map<Peer, Integer> targetPorts) {
    }

    static final String GATEWAY_NAMESPACE = "envoy-gateway-system";
    static final String CNPG_NAMESPACE = "cnpg-system";

    final Manifests m;
    final String namespace;
    final Map<String, Peer> workloadPods = new LinkedHashMap<>();
    final Map<String, Peer> managedPods = new LinkedHashMap<>();
    final Map<String, Svc> services = new LinkedHashMap<>();
    final Map<String, Map<String, String>> namespaceLabels = new LinkedHashMap<>();

    Topology(Manifests m) {
        this.m = m;
        this.namespace = m.namespace();
        for (Workloads.Workload w : Workloads.of(m)) {
            Map<String, Integer> named = new LinkedHashMap<>();
            List<Integer> ports = new ArrayList<>();
            for (Container c : w.containers()) {
                if (c.getPorts() != null) {
                    for (ContainerPort p : c.getPorts()) {
                        ports.add(p.getContainerPort());
                        if (p.getName() != null) {
                            named.put(p.getName(), p.getContainerPort());
                        }
                    }
                }
            }
            String ns = w.namespace() == null ? namespace : w.namespace();
            workloadPods.put(w.name(), Peer.pod(w.id(), ns, w.podLabels(), named, ports));
        }
        addManagedPods();
        for (Service s : m.typed(Service.class)) {
            Map<String, String> selector = s.getSpec().getSelector() == null ? Map.of() : s.getSpec().getSelector();
            List<Peer> selected = selector.isEmpty() ? List.of()
                    : allPods().stream().filter(p -> p.labels().entrySet().containsAll(selector.entrySet())).toList();
            Map<Integer, IntOrString> ports = new LinkedHashMap<>();
            Map<Integer, String> protocols = new LinkedHashMap<>();
            for (ServicePort p : s.getSpec().getPorts()) {
                ports.put(p.getPort(), p.getTargetPort() == null ? new IntOrString(p.getPort()) : p.getTargetPort());
                if (p.getAppProtocol() != null) {
                    protocols.put(p.getPort(), p.getAppProtocol());
                }
            }
            services.put(s.getMetadata().getName(), new Svc(s.getMetadata().getName(), selected, ports, protocols, false));
        }
        for (Manifests.Doc ns : m.ofKind("Namespace")) {
            Map<String, String> labels = new LinkedHashMap<>();
            ns.node().path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            labels.put("kubernetes.io/metadata.name", ns.name());
            namespaceLabels.put(ns.name(), labels);
        }
    }

    private void addManagedPods() {
        for (Manifests.Doc c : m.ofKind("Cluster")) {
            Peer pod = Peer.pod("CloudNativePG pod of " + c.name(), namespace,
                    Map.of("cnpg.io/cluster", c.name(), "cnpg.io/podRole", "instance"), Map.of("postgresql", 5432, "status", 8000),
                    List.of(5432, 8000));
            managedPods.put(pod.id(), pod);
            for (String suffix : List.of("-rw", "-ro", "-r")) {
                services.put(c.name() + suffix, new Svc(c.name() + suffix, List.of(pod), Map.of(5432, new IntOrString(5432)), Map.of(), true));
            }
        }
        for (Manifests.Doc k : m.ofKind("Keycloak")) {
            int http = k.node().path("spec").path("http").path("httpPort").asInt(8080);
            Peer server = Peer.pod("Keycloak pod of " + k.name(), namespace, Map.of("app", "keycloak",
                    "app.kubernetes.io/managed-by", "keycloak-operator", "app.kubernetes.io/instance", k.name(),
                    "app.kubernetes.io/component", "server"), Map.of("http", http, "management", 9000),
                    List.of(http, 9000, 7800, 57800));
            Peer importer = Peer.pod("realm-import Job pod of " + k.name(), namespace, Map.of("app", "keycloak-realm-import",
                    "app.kubernetes.io/managed-by", "keycloak-operator", "app.kubernetes.io/instance", k.name()), Map.of(), List.of());
            managedPods.put(server.id(), server);
            managedPods.put(importer.id(), importer);
            // the operator itself, installed into the namespace as its manifests do by default
            Peer operator = Peer.pod("Keycloak operator", namespace, Map.of("app.kubernetes.io/name", "keycloak-operator"), Map.of(), List.of());
            managedPods.putIfAbsent(operator.id(), operator);
            services.put(k.name() + "-service", new Svc(k.name() + "-service", List.of(server), Map.of(http, new IntOrString(http)),
                    Map.of(), true));
        }
        for (Manifests.Doc o : m.ofKind("OpenTelemetryCollector")) {
            Peer pod = Peer.pod("collector pod of " + o.name(), namespace, Map.of(
                    "app.kubernetes.io/managed-by", "opentelemetry-operator", "app.kubernetes.io/component", "opentelemetry-collector",
                    "app.kubernetes.io/instance", namespace + "." + o.name(), "app.kubernetes.io/name", o.name() + "-collector"),
                    Map.of("otlp-grpc", 4317, "otlp-http", 4318), List.of(4317, 4318));
            managedPods.put(pod.id(), pod);
            services.put(o.name() + "-collector", new Svc(o.name() + "-collector", List.of(pod),
                    Map.of(4317, new IntOrString(4317), 4318, new IntOrString(4318)), Map.of(4317, "grpc"), true));
        }
    }

    List<Peer> allPods() {
        List<Peer> all = new ArrayList<>(workloadPods.values());
        all.addAll(managedPods.values());
        return all;
    }

    Peer managed(String idPrefix) {
        return managedPods.values().stream().filter(p -> p.id().startsWith(idPrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no pod " + idPrefix + "… in " + m));
    }

    /** The proxies of the Gateway API implementation (Envoy Gateway) that serve the given Gateway. */
    Peer ingressPath(String gateway) {
        return Peer.pod("ingress path (Envoy Gateway proxy of Gateway " + gateway + ")", GATEWAY_NAMESPACE,
                Map.of("app.kubernetes.io/name", "envoy", "app.kubernetes.io/component", "proxy",
                        "app.kubernetes.io/managed-by", "envoy-gateway", "gateway.envoyproxy.io/owning-gateway-name", gateway,
                        "gateway.envoyproxy.io/owning-gateway-namespace", namespace),
                Map.of(), List.of());
    }

    static Peer kubeDns() {
        return Peer.pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), Map.of("dns", 53), List.of(53));
    }

    static Peer cnpgOperator() {
        return Peer.pod("CloudNativePG operator", CNPG_NAMESPACE, Map.of("app.kubernetes.io/name", "cloudnative-pg"), Map.of(), List.of());
    }

    static Peer strangerElsewhere() {
        return Peer.pod("a pod in namespace default", "default", Map.of("app", "stranger"), Map.of(), List.of());
    }

    Peer strangerHere() {
        return Peer.pod("an unrelated pod in namespace " + namespace, namespace, Map.of("app", "stranger"), Map.of(), List.of());
    }

    static Peer internet() {
        return Peer.address("an address on the internet", "203.0.113.10");
    }

    Map<String, String> labelsOfNamespace(String ns) {
        return namespaceLabels.getOrDefault(ns, Map.of("kubernetes.io/metadata.name", ns));
    }

    /** The pod port a Service port leads to, for one of its pods (null if the target is a name the pod lacks). */
    static Integer targetPort(Svc svc, int port, Peer pod) {
        IntOrString target = svc.ports().get(port);
        if (target == null) {
            return null;
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        return pod.namedPorts().get(target.getStrVal());
    }

    /** A host (Service name, possibly qualified) and port, resolved; empty if no such Service or port. */
    Optional<Endpoint> resolve(String setting, String host, int port) {
        String name = host.split("\\.")[0];
        if (host.contains(".")) {
            String[] parts = host.split("\\.");
            if (parts.length < 2 || !parts[1].equals(namespace)) {
                return Optional.empty();
            }
        }
        Svc svc = services.get(name);
        if (svc == null || !svc.ports().containsKey(port)) {
            return Optional.empty();
        }
        Map<Peer, Integer> targets = new LinkedHashMap<>();
        for (Peer pod : svc.pods()) {
            Integer target = targetPort(svc, port, pod);
            if (target != null) {
                targets.put(pod, target);
            }
        }
        return Optional.of(new Endpoint(setting, host, port, svc, svc.pods(), targets));
    }

    /**
     * The endpoints a workload's container is configured to call, from the variables the Chezhu
     * services read: DB_HOST/DB_PORT, REDIS_HOST/REDIS_PORT, KEYCLOAK_URL, OTEL_EXPORTER_OTLP_ENDPOINT
     * and every other *_HOST (the gateway's backends, on their Service's only port).
     * Entries that do not resolve come back with a null service.
     */
    List<Endpoint> configuredEndpoints(Workloads.Workload w) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Container c : w.containers()) {
            Map<String, String> env = Workloads.environment(m, c);
            if (env.containsKey("DB_HOST")) {
                endpoints.add(endpoint("DB_HOST", env.get("DB_HOST"), parseInt(env.get("DB_PORT"), 5432)));
            }
            if (env.containsKey("REDIS_HOST")) {
                endpoints.add(endpoint("REDIS_HOST", env.get("REDIS_HOST"), parseInt(env.get("REDIS_PORT"), 6379)));
            }
            for (String urlSetting : List.of("KEYCLOAK_URL", "OTEL_EXPORTER_OTLP_ENDPOINT")) {
                if (env.containsKey(urlSetting)) {
                    URI uri = URI.create(env.get(urlSetting));
                    int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
                    endpoints.add(endpoint(urlSetting, uri.getHost(), port));
                }
            }
            for (Map.Entry<String, String> e : env.entrySet()) {
                String key = e.getKey();
                if (key.endsWith("_HOST") && !key.equals("DB_HOST") && !key.equals("REDIS_HOST")) {
                    Svc svc = services.get(e.getValue());
                    int port = svc != null && svc.ports().size() == 1 ? svc.ports().keySet().iterator().next() : -1;
                    endpoints.add(endpoint(key, e.getValue(), port));
                }
            }
        }
        return endpoints;
    }

    private Endpoint endpoint(String setting, String host, int port) {
        return resolve(setting, host == null ? "" : host, port).orElse(new Endpoint(setting, host, port, null, List.of(), Map.of()));
    }

    static int parseInt(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static JsonNode path(JsonNode node, String... fields) {
        JsonNode current = node;
        for (String f : fields) {
            current = current.path(f);
        }
        return current;
    }
}
