package dev.chezhu.k8s;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Names that must lead somewhere: Services to pods and container ports, controllers to their own
 * pods, every ConfigMap and Secret (and key) a pod or custom resource uses, every $(VAR), every
 * variable a service's application.properties reads, autoscalers and disruption budgets.
 */
final class ReferenceChecks {

    private static final Pattern VAR = Pattern.compile("(?<!\\$)\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private ReferenceChecks() {
    }

    static List<String> check(Manifests m) {
        List<String> v = new ArrayList<>();
        Topology topology = new Topology(m);
        services(m, topology, v);
        for (Workloads.Workload w : Workloads.of(m)) {
            if (w.selector() != null && !NetworkModel.matches(w.selector(), w.podLabels())) {
                v.add(w.id() + ": its selector does not match its own pod template's labels");
            }
            configAndSecrets(m, w, v);
            for (Container c : w.containers()) {
                variables(c, m, w.id() + " container " + c.getName(), v);
            }
            Optional<AppConfig> app = AppConfig.of(w.name());
            if (app.isPresent() && !w.containers().isEmpty()) {
                Map<String, String> env = Workloads.environment(m, w.containers().get(0));
                for (String variable : app.get().environmentVariables) {
                    if (!env.containsKey(variable)) {
                        v.add(w.id() + ": " + w.name() + "/src/main/resources/application.properties reads ${" + variable
                                + "}, which the container does not set (it would fall back to its local-development default)");
                    }
                }
            }
            for (Topology.Endpoint e : topology.configuredEndpoints(w)) {
                if (e.service() == null) {
                    v.add(w.id() + ": " + e.setting() + " points at " + e.host() + ":" + e.port() + ", which is no Service port here");
                } else if (e.targetPorts().isEmpty()) {
                    v.add(w.id() + ": " + e.setting() + " -> Service " + e.service().name() + " selects no pod listening on its port");
                }
            }
        }
        for (StatefulSet s : m.typed(StatefulSet.class)) {
            String governing = s.getSpec().getServiceName();
            Optional<Service> svc = m.typed(Service.class).stream().filter(x -> x.getMetadata().getName().equals(governing)).findFirst();
            if (svc.isEmpty() || !"None".equals(svc.get().getSpec().getClusterIP())) {
                v.add("StatefulSet/" + s.getMetadata().getName() + ": serviceName " + governing + " is not a headless Service here");
            }
        }
        for (HorizontalPodAutoscaler hpa : m.typed(HorizontalPodAutoscaler.class)) {
            var ref = hpa.getSpec().getScaleTargetRef();
            if (Workloads.find(m, ref.getKind(), ref.getName()).isEmpty()) {
                v.add("HorizontalPodAutoscaler/" + hpa.getMetadata().getName() + " scales " + ref.getKind() + "/" + ref.getName()
                        + ", which does not exist");
            }
        }
        for (PodDisruptionBudget pdb : m.typed(PodDisruptionBudget.class)) {
            boolean selects = topology.allPods().stream().anyMatch(p -> NetworkModel.matches(pdb.getSpec().getSelector(), p.labels()));
            if (!selects) {
                v.add("PodDisruptionBudget/" + pdb.getMetadata().getName() + " selects no pod");
            }
        }
        customResourceSecrets(m, v);
        return v;
    }

    private static void services(Manifests m, Topology topology, List<String> v) {
        for (Service s : m.typed(Service.class)) {
            String name = s.getMetadata().getName();
            Topology.Svc svc = topology.services.get(name);
            if (s.getSpec().getSelector() == null || s.getSpec().getSelector().isEmpty()) {
                v.add("Service/" + name + " has no selector");
                continue;
            }
            if (svc.pods().isEmpty()) {
                v.add("Service/" + name + " selects no pod (selector " + s.getSpec().getSelector() + ")");
                continue;
            }
            for (ServicePort port : s.getSpec().getPorts()) {
                for (Topology.Peer pod : svc.pods()) {
                    Integer target = Topology.targetPort(svc, port.getPort(), pod);
                    if (target == null || !pod.ports().contains(target)) {
                        v.add("Service/" + name + " port " + port.getPort() + " targets " + port.getTargetPort().getValue()
                                + ", which " + pod + " does not declare");
                    }
                }
            }
        }
    }

    private static void configAndSecrets(Manifests m, Workloads.Workload w, List<String> v) {
        List<Container> all = new ArrayList<>(w.containers());
        all.addAll(w.initContainers());
        for (Container c : all) {
            String at = w.id() + " container " + c.getName();
            if (c.getEnvFrom() != null) {
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                        requireConfigMap(m, from.getConfigMapRef().getName(), null, at, v);
                    }
                    if (from.getSecretRef() != null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                        requireSecret(from.getSecretRef().getName(), null, at, v);
                    }
                }
            }
            if (c.getEnv() != null) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() == null) {
                        continue;
                    }
                    var cmk = e.getValueFrom().getConfigMapKeyRef();
                    var sk = e.getValueFrom().getSecretKeyRef();
                    if (cmk != null && !Boolean.TRUE.equals(cmk.getOptional())) {
                        requireConfigMap(m, cmk.getName(), cmk.getKey(), at + " env " + e.getName(), v);
                    }
                    if (sk != null && !Boolean.TRUE.equals(sk.getOptional())) {
                        requireSecret(sk.getName(), sk.getKey(), at + " env " + e.getName(), v);
                    }
                }
            }
        }
        List<Volume> volumes = w.template().getSpec().getVolumes() == null ? List.of() : w.template().getSpec().getVolumes();
        for (Volume vol : volumes) {
            String at = w.id() + " volume " + vol.getName();
            if (vol.getConfigMap() != null && !Boolean.TRUE.equals(vol.getConfigMap().getOptional())) {
                requireConfigMap(m, vol.getConfigMap().getName(), null, at, v);
                keys(vol.getConfigMap().getItems()).forEach(k -> requireConfigMap(m, vol.getConfigMap().getName(), k, at, v));
            }
            if (vol.getSecret() != null && !Boolean.TRUE.equals(vol.getSecret().getOptional())) {
                requireSecret(vol.getSecret().getSecretName(), null, at, v);
                keys(vol.getSecret().getItems()).forEach(k -> requireSecret(vol.getSecret().getSecretName(), k, at, v));
            }
            if (vol.getProjected() != null && vol.getProjected().getSources() != null) {
                for (VolumeProjection p : vol.getProjected().getSources()) {
                    if (p.getConfigMap() != null && !Boolean.TRUE.equals(p.getConfigMap().getOptional())) {
                        requireConfigMap(m, p.getConfigMap().getName(), null, at, v);
                        keys(p.getConfigMap().getItems()).forEach(k -> requireConfigMap(m, p.getConfigMap().getName(), k, at, v));
                    }
                    if (p.getSecret() != null && !Boolean.TRUE.equals(p.getSecret().getOptional())) {
                        requireSecret(p.getSecret().getName(), null, at, v);
                        keys(p.getSecret().getItems()).forEach(k -> requireSecret(p.getSecret().getName(), k, at, v));
                    }
                }
            }
        }
    }

    private static List<String> keys(List<KeyToPath> items) {
        return items == null ? List.of() : items.stream().map(KeyToPath::getKey).toList();
    }

    static void requireConfigMap(Manifests m, String name, String key, String at, List<String> v) {
        Optional<ConfigMap> cm = Workloads.configMap(m, name);
        if (cm.isEmpty()) {
            v.add(at + ": ConfigMap " + name + " does not exist");
        } else if (key != null && !Workloads.data(cm.get()).containsKey(key)) {
            v.add(at + ": ConfigMap " + name + " has no key " + key);
        }
    }

    static void requireSecret(String name, String key, String at, List<String> v) {
        if (!SecretExamples.exists(name)) {
            v.add(at + ": Secret " + name + " is not listed in k8s/secrets/*.example");
        } else if (key != null && !SecretExamples.keys(name).contains(key)) {
            v.add(at + ": Secret " + name + " has no key " + key + " in k8s/secrets/*.example");
        }
    }

    /** $(VAR) in env values must name a variable defined before (or by envFrom); in command and args, any. */
    private static void variables(Container c, Manifests m, String at, List<String> v) {
        Set<String> fromEnvFrom = new LinkedHashSet<>();
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getConfigMapRef() != null) {
                    Workloads.configMap(m, from.getConfigMapRef().getName())
                            .ifPresent(cm -> Workloads.data(cm).keySet().forEach(k -> fromEnvFrom.add(prefix + k)));
                }
                if (from.getSecretRef() != null) {
                    SecretExamples.keys(from.getSecretRef().getName()).forEach(k -> fromEnvFrom.add(prefix + k));
                }
            }
        }
        Set<String> defined = new LinkedHashSet<>(fromEnvFrom);
        List<EnvVar> env = c.getEnv() == null ? List.of() : c.getEnv();
        for (EnvVar e : env) {
            if (e.getValue() != null) {
                for (String ref : references(e.getValue())) {
                    if (!defined.contains(ref)) {
                        v.add(at + " env " + e.getName() + ": $(" + ref + ") is not defined before it (the kubelet would pass it literally)");
                    }
                }
            }
            defined.add(e.getName());
        }
        List<String> words = new ArrayList<>();
        if (c.getCommand() != null) {
            words.addAll(c.getCommand());
        }
        if (c.getArgs() != null) {
            words.addAll(c.getArgs());
        }
        for (String word : words) {
            for (String ref : references(word)) {
                if (!defined.contains(ref)) {
                    v.add(at + " command/args: $(" + ref + ") is not an environment variable of the container");
                }
            }
        }
    }

    static List<String> references(String text) {
        List<String> refs = new ArrayList<>();
        Matcher matcher = VAR.matcher(text);
        while (matcher.find()) {
            refs.add(matcher.group(1));
        }
        return refs;
    }

    /** Secrets the operators' custom resources and the Gateway read. */
    private static void customResourceSecrets(Manifests m, List<String> v) {
        for (Manifests.Doc c : m.ofKind("Cluster")) {
            JsonNode initdb = c.node().path("spec").path("bootstrap").path("initdb");
            if (initdb.has("secret")) {
                basicAuth(initdb.path("secret").path("name").asText(), initdb.path("owner").asText(), c.id() + " bootstrap.initdb.secret", v);
            }
            for (JsonNode role : c.node().path("spec").path("managed").path("roles")) {
                if (role.has("passwordSecret")) {
                    basicAuth(role.path("passwordSecret").path("name").asText(), role.path("name").asText(),
                            c.id() + " managed role " + role.path("name").asText(), v);
                }
            }
        }
        for (Manifests.Doc k : m.ofKind("Keycloak")) {
            JsonNode db = k.node().path("spec").path("db");
            for (String field : List.of("usernameSecret", "passwordSecret")) {
                if (db.has(field)) {
                    requireSecret(db.path(field).path("name").asText(), db.path(field).path("key").asText(), k.id() + " db." + field, v);
                }
            }
            JsonNode admin = k.node().path("spec").path("bootstrapAdmin").path("user").path("secret");
            if (!admin.isMissingNode()) {
                requireSecret(admin.asText(), "username", k.id() + " bootstrapAdmin", v);
                requireSecret(admin.asText(), "password", k.id() + " bootstrapAdmin", v);
            }
            JsonNode tls = k.node().path("spec").path("http").path("tlsSecret");
            if (!tls.isMissingNode()) {
                requireSecret(tls.asText(), "tls.crt", k.id() + " http.tlsSecret", v);
            }
        }
        for (Manifests.Doc r : m.ofKind("KeycloakRealmImport")) {
            r.node().path("spec").path("placeholders").fields().forEachRemaining(e -> requireSecret(
                    e.getValue().path("secret").path("name").asText(), e.getValue().path("secret").path("key").asText(),
                    r.id() + " placeholder " + e.getKey(), v));
        }
        for (Manifests.Doc g : m.ofKind("Gateway")) {
            for (JsonNode listener : g.node().path("spec").path("listeners")) {
                for (JsonNode ref : listener.path("tls").path("certificateRefs")) {
                    if (ref.path("kind").asText("Secret").equals("Secret")) {
                        String at = g.id() + " listener " + listener.path("name").asText();
                        requireSecret(ref.path("name").asText(), "tls.crt", at, v);
                        requireSecret(ref.path("name").asText(), "tls.key", at, v);
                    }
                }
            }
        }
    }

    /** A CloudNativePG role secret: basic-auth with the role's name as username. */
    private static void basicAuth(String secret, String role, String at, List<String> v) {
        requireSecret(secret, "username", at, v);
        requireSecret(secret, "password", at, v);
        var example = SecretExamples.all().get(secret);
        if (example != null && !"kubernetes.io/basic-auth".equals(example.getType())) {
            v.add(at + ": Secret " + secret + " must be of type kubernetes.io/basic-auth (CloudNativePG reads it so)");
        }
        String username = SecretExamples.plainValue(secret, "username");
        if (example != null && username != null && !username.equals(role)) {
            v.add(at + ": Secret " + secret + " has username " + username + " but the role is " + role);
        }
    }
}
