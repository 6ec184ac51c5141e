package dev.chezhu.k8s;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Every container of every pod template: probes, requests and limits, a restricted security
 * context, a pinned image, its own ServiceAccount; the Quarkus services' probes on their health
 * endpoints with time for migrations, and rollouts that never drop below the wanted replicas.
 */
final class WorkloadChecks {

    /** Long enough for Flyway to wait for a sibling replica's migration lock. */
    static final int MIN_STARTUP_SECONDS = 120;

    private WorkloadChecks() {
    }

    static List<String> check(Manifests m) {
        List<String> v = new ArrayList<>();
        for (Workloads.Workload w : Workloads.of(m)) {
            PodSpec pod = w.template().getSpec();
            String where = w.id();
            podLevel(m, w, pod, v);
            for (Container c : w.containers()) {
                String at = where + " container " + c.getName();
                probes(c, at, v);
                resources(c.getResources(), at, v);
                security(pod.getSecurityContext(), c.getSecurityContext(), at, v);
                image(c.getImage(), at, v);
            }
            for (Container c : w.initContainers()) {
                String at = where + " init container " + c.getName();
                resources(c.getResources(), at, v);
                security(pod.getSecurityContext(), c.getSecurityContext(), at, v);
                image(c.getImage(), at, v);
            }
            Optional<AppConfig> app = AppConfig.of(w.name());
            if (app.isPresent() && !w.containers().isEmpty()) {
                quarkus(w, w.containers().get(0), app.get(), v);
            }
        }
        for (Deployment d : m.typed(Deployment.class)) {
            var strategy = d.getSpec().getStrategy();
            String unavailable = strategy == null || strategy.getRollingUpdate() == null
                    || strategy.getRollingUpdate().getMaxUnavailable() == null ? "25%"
                            : String.valueOf(strategy.getRollingUpdate().getMaxUnavailable().getValue());
            if (strategy == null || !"RollingUpdate".equals(strategy.getType()) || !(unavailable.equals("0") || unavailable.equals("0%"))) {
                v.add("Deployment/" + d.getMetadata().getName() + ": rollouts must be RollingUpdate with maxUnavailable 0");
            }
        }
        return v;
    }

    private static void podLevel(Manifests m, Workloads.Workload w, PodSpec pod, List<String> v) {
        String where = w.id();
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID()) || Boolean.TRUE.equals(pod.getHostIPC())) {
            v.add(where + ": shares the node's network, PID or IPC namespace");
        }
        if (pod.getVolumes() != null) {
            for (Volume volume : pod.getVolumes()) {
                if (volume.getHostPath() != null) {
                    v.add(where + ": mounts hostPath " + volume.getHostPath().getPath());
                }
            }
        }
        String sa = pod.getServiceAccountName();
        if (sa == null || sa.isEmpty() || sa.equals("default")) {
            v.add(where + ": runs as the namespace's default ServiceAccount; give it its own");
            return;
        }
        Optional<ServiceAccount> account = m.typed(ServiceAccount.class).stream()
                .filter(a -> a.getMetadata().getName().equals(sa)).findFirst();
        if (account.isEmpty()) {
            v.add(where + ": ServiceAccount " + sa + " does not exist");
            return;
        }
        Boolean automount = pod.getAutomountServiceAccountToken() != null ? pod.getAutomountServiceAccountToken()
                : account.get().getAutomountServiceAccountToken();
        if (!Boolean.FALSE.equals(automount)) {
            v.add(where + ": mounts an API token it does not need (automountServiceAccountToken must be false)");
        }
    }

    static void probes(Container c, String at, List<String> v) {
        if (c.getLivenessProbe() == null) {
            v.add(at + ": no livenessProbe");
        }
        if (c.getReadinessProbe() == null) {
            v.add(at + ": no readinessProbe");
        }
        if (c.getStartupProbe() == null) {
            v.add(at + ": no startupProbe");
        }
    }

    static void resources(ResourceRequirements r, String at, List<String> v) {
        Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
        Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
        for (String resource : List.of("cpu", "memory")) {
            if (!requests.containsKey(resource)) {
                v.add(at + ": no " + resource + " request");
            }
            if (!limits.containsKey(resource)) {
                v.add(at + ": no " + resource + " limit");
            }
            if (requests.containsKey(resource) && limits.containsKey(resource)) {
                BigDecimal request = Quantity.getAmountInBytes(requests.get(resource));
                BigDecimal limit = Quantity.getAmountInBytes(limits.get(resource));
                if (request.compareTo(limit) > 0) {
                    v.add(at + ": " + resource + " request " + requests.get(resource) + " above its limit " + limits.get(resource));
                }
            }
        }
    }

    static void security(PodSecurityContext pod, SecurityContext c, String at, List<String> v) {
        Boolean nonRoot = c != null && c.getRunAsNonRoot() != null ? c.getRunAsNonRoot() : pod == null ? null : pod.getRunAsNonRoot();
        Long user = c != null && c.getRunAsUser() != null ? c.getRunAsUser() : pod == null ? null : pod.getRunAsUser();
        if (!Boolean.TRUE.equals(nonRoot)) {
            v.add(at + ": runAsNonRoot is not true");
        }
        if (user != null && user == 0L) {
            v.add(at + ": runs as user 0");
        }
        if (c == null) {
            v.add(at + ": no securityContext");
            return;
        }
        if (!Boolean.FALSE.equals(c.getAllowPrivilegeEscalation())) {
            v.add(at + ": allowPrivilegeEscalation is not false");
        }
        if (!Boolean.TRUE.equals(c.getReadOnlyRootFilesystem())) {
            v.add(at + ": readOnlyRootFilesystem is not true");
        }
        if (Boolean.TRUE.equals(c.getPrivileged())) {
            v.add(at + ": privileged");
        }
        Capabilities caps = c.getCapabilities();
        if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
            v.add(at + ": does not drop ALL capabilities");
        }
        if (caps != null && caps.getAdd() != null && !caps.getAdd().isEmpty()) {
            v.add(at + ": adds capabilities " + caps.getAdd());
        }
        SeccompProfile seccomp = c.getSeccompProfile() != null ? c.getSeccompProfile() : pod == null ? null : pod.getSeccompProfile();
        if (seccomp == null || !List.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
            v.add(at + ": no RuntimeDefault (or Localhost) seccomp profile");
        }
    }

    static void image(String image, String at, List<String> v) {
        if (!pinned(image)) {
            v.add(at + ": image " + image + " is not pinned to a digest or an explicit tag other than latest");
        }
    }

    /** registry/repo:tag (tag not "latest") or anything@sha256:digest. */
    static boolean pinned(String image) {
        if (image == null || image.isBlank()) {
            return false;
        }
        if (image.matches(".+@sha256:[0-9a-f]{64}")) {
            return true;
        }
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String tag = last.substring(colon + 1);
        return !tag.isEmpty() && !tag.equals("latest");
    }

    private static void quarkus(Workloads.Workload w, Container c, AppConfig app, List<String> v) {
        String at = w.id() + " (Quarkus service)";
        checkHealth(c.getStartupProbe(), "/q/health/started", c, at, v);
        checkHealth(c.getReadinessProbe(), "/q/health/ready", c, at, v);
        checkHealth(c.getLivenessProbe(), "/q/health/live", c, at, v);
        int httpPort = app.intProperty("quarkus.http.port", 8080);
        boolean listens = c.getPorts() != null && c.getPorts().stream().map(ContainerPort::getContainerPort).anyMatch(p -> p == httpPort);
        if (!listens) {
            v.add(at + ": declares no containerPort " + httpPort + " (quarkus.http.port)");
        }
        Probe startup = c.getStartupProbe();
        if (startup != null && app.migratesAtStart()) {
            int seconds = value(startup.getInitialDelaySeconds(), 0) + value(startup.getPeriodSeconds(), 10) * value(startup.getFailureThreshold(), 3);
            if (seconds < MIN_STARTUP_SECONDS) {
                v.add(at + ": the startupProbe gives " + seconds + " s; Flyway migrates at start and may wait for a sibling's lock: allow at least "
                        + MIN_STARTUP_SECONDS + " s");
            }
        }
    }

    private static void checkHealth(Probe probe, String path, Container c, String at, List<String> v) {
        if (probe == null) {
            return;
        }
        if (probe.getHttpGet() == null || !path.equals(probe.getHttpGet().getPath())) {
            v.add(at + ": probe should GET " + path);
            return;
        }
        var port = probe.getHttpGet().getPort();
        boolean exists = c.getPorts() != null && c.getPorts().stream().anyMatch(p -> port.getIntVal() != null
                ? port.getIntVal().equals(p.getContainerPort()) : port.getStrVal().equals(p.getName()));
        if (!exists) {
            v.add(at + ": probe " + path + " targets port " + port.getValue() + ", which the container does not declare");
        }
    }

    private static int value(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
