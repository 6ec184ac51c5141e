package dev.chezhu.k8s;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The operators' custom resources (parsed generically, so their required fields are checked here)
 * and the Gateway API objects, each against the others and against the services' settings.
 */
final class DependencyChecks {

    private DependencyChecks() {
    }

    static List<String> check(Manifests m) {
        List<String> v = new ArrayList<>();
        Topology t = new Topology(m);
        postgres(m, v);
        keycloak(m, v);
        collector(m, v);
        gatewayApi(m, t, v);
        return v;
    }

    private static void postgres(Manifests m, List<String> v) {
        Set<String> roles = new HashSet<>();
        for (Manifests.Doc c : m.ofKind("Cluster")) {
            JsonNode spec = c.node().path("spec");
            if (!spec.path("instances").isInt() || spec.path("instances").asInt() < 1) {
                v.add(c.id() + ": spec.instances must be a number >= 1");
            }
            requireText(c, spec, "storage.size", v);
            if (!WorkloadChecks.pinned(spec.path("imageName").asText(null))) {
                v.add(c.id() + ": spec.imageName must be an image pinned to a version");
            }
            resources(c, spec.path("resources"), v);
            JsonNode initdb = spec.path("bootstrap").path("initdb");
            requireText(c, initdb, "database", v);
            requireText(c, initdb, "owner", v);
            roles.add(initdb.path("owner").asText());
            for (JsonNode role : spec.path("managed").path("roles")) {
                requireText(c, role, "name", v);
                if (!role.path("passwordSecret").has("name")) {
                    v.add(c.id() + ": managed role " + role.path("name").asText() + " has no passwordSecret");
                }
                roles.add(role.path("name").asText());
            }
        }
        Set<String> databases = new HashSet<>();
        for (Manifests.Doc d : m.ofKind("Database")) {
            JsonNode spec = d.node().path("spec");
            requireText(d, spec, "name", v);
            requireText(d, spec, "owner", v);
            String cluster = spec.path("cluster").path("name").asText();
            if (m.find("Cluster", cluster).isEmpty()) {
                v.add(d.id() + ": cluster " + cluster + " does not exist");
            }
            if (!roles.contains(spec.path("owner").asText())) {
                v.add(d.id() + ": owner " + spec.path("owner").asText() + " is neither the bootstrap owner nor a managed role");
            }
            databases.add(cluster + "/" + spec.path("name").asText());
        }
        for (Workloads.Workload w : Workloads.of(m)) {
            Optional<AppConfig> app = AppConfig.of(w.name());
            if (app.isEmpty() || !app.get().hasDatasource() || w.containers().isEmpty()) {
                continue;
            }
            var container = w.containers().get(0);
            Map<String, String> env = Workloads.environment(m, container);
            String host = env.getOrDefault("DB_HOST", "");
            String cluster = host.endsWith("-rw") ? host.substring(0, host.length() - 3) : null;
            if (cluster == null || m.find("Cluster", cluster).isEmpty()) {
                v.add(w.id() + ": DB_HOST " + host + " is not the primary (<cluster>-rw) of a CloudNativePG Cluster here");
                continue;
            }
            String db = env.get("DB_NAME");
            if (!databases.contains(cluster + "/" + db)) {
                v.add(w.id() + ": DB_NAME " + db + " has no Database resource on " + cluster);
            }
            String userSecret = container.getEnv().stream().filter(e -> e.getName().equals("DB_USER") && e.getValueFrom() != null
                    && e.getValueFrom().getSecretKeyRef() != null).map(e -> e.getValueFrom().getSecretKeyRef().getName()).findFirst().orElse(null);
            String username = userSecret == null ? null : SecretExamples.plainValue(userSecret, "username");
            Optional<Manifests.Doc> database = m.ofKind("Database").stream()
                    .filter(d -> d.node().path("spec").path("name").asText().equals(db)).findFirst();
            if (database.isPresent() && username != null && !username.equals(database.get().node().path("spec").path("owner").asText())) {
                v.add(w.id() + ": logs in as " + username + " but " + db + " is owned by "
                        + database.get().node().path("spec").path("owner").asText());
            }
        }
    }

    private static void keycloak(Manifests m, List<String> v) {
        for (Manifests.Doc k : m.ofKind("Keycloak")) {
            JsonNode spec = k.node().path("spec");
            if (!spec.path("instances").isInt() || spec.path("instances").asInt() < 1) {
                v.add(k.id() + ": spec.instances must be a number >= 1");
            }
            if (!WorkloadChecks.pinned(spec.path("image").asText(null))) {
                v.add(k.id() + ": spec.image must be pinned (the operator's default follows the operator's version)");
            }
            resources(k, spec.path("resources"), v);
            JsonNode db = spec.path("db");
            if (!"postgres".equals(db.path("vendor").asText())) {
                v.add(k.id() + ": spec.db.vendor must be postgres");
            }
            String host = db.path("host").asText();
            String cluster = host.endsWith("-rw") ? host.substring(0, host.length() - 3) : "";
            if (m.find("Cluster", cluster).isEmpty()) {
                v.add(k.id() + ": spec.db.host " + host + " is not a CloudNativePG primary here");
            }
            String database = db.path("database").asText();
            boolean exists = m.ofKind("Database").stream().anyMatch(d -> d.node().path("spec").path("name").asText().equals(database));
            if (!exists) {
                v.add(k.id() + ": spec.db.database " + database + " has no Database resource");
            }
            String hostname = spec.path("hostname").path("hostname").asText();
            if (!hostname.startsWith("https://")) {
                v.add(k.id() + ": spec.hostname.hostname must be the public https:// URL");
            }
            if (!spec.path("http").path("httpEnabled").asBoolean(false) && !spec.path("http").has("tlsSecret")) {
                v.add(k.id() + ": needs spec.http.httpEnabled or spec.http.tlsSecret");
            }
            if (spec.path("networkPolicy").path("enabled").asBoolean(true)) {
                v.add(k.id() + ": spec.networkPolicy.enabled must be false: network-policies.yaml owns Keycloak's policy, and an operator-made "
                        + "one would widen it unseen");
            }
            if (!spec.path("db").has("poolMaxSize")) {
                v.add(k.id() + ": set spec.db.poolMaxSize (Keycloak's default of 100 connections per instance eats PostgreSQL's budget)");
            }
            int http = spec.path("http").path("httpPort").asInt(8080);
            String internal = "http://" + k.name() + "-service:" + http;
            for (Workloads.Workload w : Workloads.of(m)) {
                if (w.containers().isEmpty()) {
                    continue;
                }
                String url = Workloads.environment(m, w.containers().get(0)).get("KEYCLOAK_URL");
                if (url != null && !url.equals(internal)) {
                    v.add(w.id() + ": KEYCLOAK_URL " + url + " is not Keycloak's in-cluster address " + internal);
                }
            }
        }
        for (Manifests.Doc r : m.ofKind("KeycloakRealmImport")) {
            String target = r.node().path("spec").path("keycloakCRName").asText();
            if (m.find("Keycloak", target).isEmpty()) {
                v.add(r.id() + ": spec.keycloakCRName " + target + " is no Keycloak here");
            }
            if (!"chezhu".equals(r.node().path("spec").path("realm").path("realm").asText())) {
                v.add(r.id() + ": spec.realm is not the realm chezhu");
            }
        }
        if (m.ofKind("Keycloak").size() > 0 && m.ofKind("KeycloakRealmImport").isEmpty()) {
            v.add("Keycloak without a KeycloakRealmImport of the realm chezhu");
        }
    }

    private static void collector(Manifests m, List<String> v) {
        for (Manifests.Doc o : m.ofKind("OpenTelemetryCollector")) {
            JsonNode spec = o.node().path("spec");
            requireText(o, spec, "mode", v);
            if (!WorkloadChecks.pinned(spec.path("image").asText(null))) {
                v.add(o.id() + ": spec.image must be pinned");
            }
            resources(o, spec.path("resources"), v);
            JsonNode sc = spec.path("securityContext");
            JsonNode psc = spec.path("podSecurityContext");
            if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()
                    || !sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                v.add(o.id() + ": securityContext must forbid privilege escalation and keep the root filesystem read-only");
            }
            boolean dropsAll = false;
            for (JsonNode cap : sc.path("capabilities").path("drop")) {
                dropsAll |= cap.asText().equals("ALL");
            }
            if (!dropsAll) {
                v.add(o.id() + ": securityContext must drop ALL capabilities");
            }
            if (!(sc.path("runAsNonRoot").asBoolean(false) || psc.path("runAsNonRoot").asBoolean(false))) {
                v.add(o.id() + ": must run as non-root");
            }
            JsonNode config = spec.path("config");
            if (config.path("receivers").path("otlp").path("protocols").path("grpc").isMissingNode()) {
                v.add(o.id() + ": no OTLP gRPC receiver (the services export OTLP over gRPC to :4317)");
            }
            JsonNode pipelines = config.path("service").path("pipelines");
            if (pipelines.path("traces").isMissingNode()) {
                v.add(o.id() + ": no traces pipeline");
            }
            pipelines.fields().forEachRemaining(p -> {
                for (String section : List.of("receivers", "processors", "exporters")) {
                    for (JsonNode component : p.getValue().path(section)) {
                        if (!config.path(section).has(component.asText())) {
                            v.add(o.id() + ": pipeline " + p.getKey() + " uses " + section + " " + component.asText() + ", which is not defined");
                        }
                    }
                }
            });
            String internal = "http://" + o.name() + "-collector:4317";
            for (Workloads.Workload w : Workloads.of(m)) {
                if (w.containers().isEmpty()) {
                    continue;
                }
                String endpoint = Workloads.environment(m, w.containers().get(0)).get("OTEL_EXPORTER_OTLP_ENDPOINT");
                if (endpoint != null && !endpoint.equals(internal)) {
                    v.add(w.id() + ": OTEL_EXPORTER_OTLP_ENDPOINT " + endpoint + " is not the collector's " + internal);
                }
            }
        }
    }

    private static void gatewayApi(Manifests m, Topology t, List<String> v) {
        for (Manifests.Doc g : m.ofKind("Gateway")) {
            JsonNode spec = g.node().path("spec");
            requireText(g, spec, "gatewayClassName", v);
            for (JsonNode l : spec.path("listeners")) {
                String name = l.path("name").asText();
                if (List.of("HTTPS", "TLS").contains(l.path("protocol").asText()) && !l.path("tls").path("certificateRefs").elements().hasNext()) {
                    v.add(g.id() + " listener " + name + ": " + l.path("protocol").asText() + " without a certificate");
                }
            }
        }
        boolean grpcRoute = false;
        for (Manifests.Doc route : NetworkChecks.routes(m)) {
            JsonNode spec = route.node().path("spec");
            List<String> hostnames = new ArrayList<>();
            spec.path("hostnames").forEach(h -> hostnames.add(h.asText()));
            for (JsonNode parent : spec.path("parentRefs")) {
                Optional<Manifests.Doc> gateway = m.find("Gateway", parent.path("name").asText());
                if (gateway.isEmpty()) {
                    v.add(route.id() + ": parent Gateway " + parent.path("name").asText() + " does not exist");
                    continue;
                }
                JsonNode listener = listener(gateway.get(), parent.path("sectionName").asText(null));
                if (listener == null) {
                    v.add(route.id() + ": Gateway " + gateway.get().name() + " has no listener " + parent.path("sectionName").asText());
                    continue;
                }
                boolean kindAllowed = !listener.path("allowedRoutes").has("kinds");
                for (JsonNode kind : listener.path("allowedRoutes").path("kinds")) {
                    kindAllowed |= kind.path("kind").asText().equals(route.kind());
                }
                if (!kindAllowed) {
                    v.add(route.id() + ": listener " + listener.path("name").asText() + " does not accept " + route.kind() + "s");
                }
                String listenerHost = listener.path("hostname").asText(null);
                for (String host : hostnames) {
                    if (listenerHost != null && !host.equals(listenerHost)) {
                        v.add(route.id() + ": hostname " + host + " is not the listener's " + listenerHost);
                    }
                }
                if (route.kind().equals("GRPCRoute")) {
                    grpcRoute = true;
                    if (!listener.path("protocol").asText().equals("HTTPS")) {
                        v.add(route.id() + ": head units must reach gRPC over TLS (listener protocol HTTPS)");
                    }
                }
            }
            for (JsonNode rule : spec.path("rules")) {
                for (JsonNode backend : rule.path("backendRefs")) {
                    String name = backend.path("name").asText();
                    int port = backend.path("port").asInt();
                    Optional<Topology.Endpoint> e = t.resolve("backendRef", name, port);
                    if (e.isEmpty()) {
                        v.add(route.id() + ": backend " + name + ":" + port + " is no Service port here");
                    } else if (route.kind().equals("GRPCRoute") && !e.get().service().managed()
                            && !"grpc".equals(e.get().service().appProtocols().get(port))) {
                        v.add(route.id() + ": backend Service " + name + " port " + port + " is not marked appProtocol: grpc");
                    }
                }
            }
        }
        if (!m.ofKind("Gateway").isEmpty() && !grpcRoute) {
            v.add("no GRPCRoute for the head units");
        }
        // Keycloak's public hostname is the one the Gateway routes to it.
        for (Manifests.Doc k : m.ofKind("Keycloak")) {
            String hostname = URI.create(k.node().path("spec").path("hostname").path("hostname").asText("https://missing")).getHost();
            boolean routed = NetworkChecks.routes(m).stream().anyMatch(r -> {
                boolean toKeycloak = false;
                for (JsonNode rule : r.node().path("spec").path("rules")) {
                    for (JsonNode b : rule.path("backendRefs")) {
                        toKeycloak |= b.path("name").asText().equals(k.name() + "-service");
                    }
                }
                boolean host = false;
                for (JsonNode h : r.node().path("spec").path("hostnames")) {
                    host |= h.asText().equals(hostname);
                }
                return toKeycloak && host;
            });
            if (!routed) {
                v.add(k.id() + ": no route publishes " + hostname + " (Keycloak's hostname) to " + k.name() + "-service");
            }
        }
        // Every gRPC service's Service marks its port as gRPC.
        for (Workloads.Workload w : Workloads.of(m)) {
            Optional<AppConfig> app = AppConfig.of(w.name());
            if (app.isEmpty() || !"false".equals(app.get().properties.get("quarkus.grpc.server.use-separate-server"))) {
                continue;
            }
            int port = app.get().intProperty("quarkus.http.port", 8080);
            boolean marked = t.services.values().stream().anyMatch(s -> !s.managed() && s.pods().contains(t.workloadPods.get(w.name()))
                    && "grpc".equals(s.appProtocols().get(port)));
            if (!marked) {
                v.add(w.id() + ": serves gRPC on " + port + " but no Service marks that port appProtocol: grpc");
            }
        }
    }

    private static JsonNode listener(Manifests.Doc gateway, String section) {
        for (JsonNode l : gateway.node().path("spec").path("listeners")) {
            if (section == null || l.path("name").asText().equals(section)) {
                return l;
            }
        }
        return null;
    }

    private static void requireText(Manifests.Doc doc, JsonNode node, String dotted, List<String> v) {
        JsonNode current = node;
        for (String part : dotted.split("\\.")) {
            current = current.path(part);
        }
        if (!current.isValueNode() || current.asText().isBlank()) {
            v.add(doc.id() + ": " + dotted + " is required");
        }
    }

    private static void resources(Manifests.Doc doc, JsonNode resources, List<String> v) {
        for (String section : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (!resources.path(section).has(resource)) {
                    v.add(doc.id() + ": no " + resource + " in resources." + section);
                }
            }
        }
    }
}
