package dev.chezhu.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Production: every stateless service runs at least two replicas spread over nodes, under a
 * disruption budget that still lets a node drain, and under an autoscaler; the dependencies run
 * more than one instance (Redis excepted: a single primary, documented).
 */
final class HighAvailabilityChecks {

    private HighAvailabilityChecks() {
    }

    static List<String> check(Manifests m) {
        List<String> v = new ArrayList<>();
        Topology t = new Topology(m);
        for (Deployment d : m.typed(Deployment.class)) {
            String name = d.getMetadata().getName();
            String at = "Deployment/" + name;
            int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            if (replicas < 2) {
                v.add(at + ": " + replicas + " replica(s); production runs at least 2");
            }
            var labels = d.getSpec().getTemplate().getMetadata().getLabels();
            if (!spreadsOverNodes(d, labels)) {
                v.add(at + ": neither a topologySpreadConstraint nor a pod anti-affinity on kubernetes.io/hostname for its own pods");
            }
            Optional<PodDisruptionBudget> pdb = m.typed(PodDisruptionBudget.class).stream()
                    .filter(p -> NetworkModel.matches(p.getSpec().getSelector(), labels)).findFirst();
            if (pdb.isEmpty()) {
                v.add(at + ": no PodDisruptionBudget selects its pods");
            } else {
                var spec = pdb.get().getSpec();
                if (spec.getMinAvailable() == null && spec.getMaxUnavailable() == null) {
                    v.add("PodDisruptionBudget/" + pdb.get().getMetadata().getName() + ": sets neither minAvailable nor maxUnavailable");
                }
                if (spec.getMinAvailable() != null && spec.getMinAvailable().getIntVal() != null && spec.getMinAvailable().getIntVal() >= replicas) {
                    v.add("PodDisruptionBudget/" + pdb.get().getMetadata().getName() + ": minAvailable " + spec.getMinAvailable().getIntVal()
                            + " with " + replicas + " replicas blocks every drain");
                }
                if (spec.getMaxUnavailable() != null && spec.getMaxUnavailable().getIntVal() != null && spec.getMaxUnavailable().getIntVal() < 1) {
                    v.add("PodDisruptionBudget/" + pdb.get().getMetadata().getName() + ": maxUnavailable 0 blocks every drain");
                }
            }
            Optional<HorizontalPodAutoscaler> hpa = m.typed(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getKind().equals("Deployment")
                            && h.getSpec().getScaleTargetRef().getName().equals(name)).findFirst();
            if (hpa.isEmpty()) {
                v.add(at + ": no HorizontalPodAutoscaler");
            } else {
                var spec = hpa.get().getSpec();
                int min = spec.getMinReplicas() == null ? 1 : spec.getMinReplicas();
                if (min < 2) {
                    v.add("HorizontalPodAutoscaler/" + name + ": minReplicas " + min + " < 2");
                }
                if (spec.getMaxReplicas() < min) {
                    v.add("HorizontalPodAutoscaler/" + name + ": maxReplicas below minReplicas");
                }
                if (min != replicas) {
                    v.add(at + ": replicas " + replicas + " differs from its autoscaler's minReplicas " + min
                            + " (each apply would reset the scale to it)");
                }
                if (spec.getMetrics() == null || spec.getMetrics().isEmpty()) {
                    v.add("HorizontalPodAutoscaler/" + name + ": no metrics");
                }
            }
        }
        for (Manifests.Doc c : m.ofKind("Cluster")) {
            if (c.node().path("spec").path("instances").asInt() < 2) {
                v.add(c.id() + ": production PostgreSQL needs a replica to fail over to (instances >= 2)");
            }
        }
        for (Manifests.Doc k : m.ofKind("Keycloak")) {
            if (k.node().path("spec").path("instances").asInt(1) < 2) {
                v.add(k.id() + ": production Keycloak runs at least 2 instances");
            }
            Topology.Peer server = t.managed("Keycloak pod of " + k.name());
            boolean budget = m.typed(PodDisruptionBudget.class).stream().anyMatch(p -> NetworkModel.matches(p.getSpec().getSelector(), server.labels()));
            if (!budget) {
                v.add(k.id() + ": no PodDisruptionBudget selects its pods");
            }
        }
        for (Manifests.Doc o : m.ofKind("OpenTelemetryCollector")) {
            JsonNode spec = o.node().path("spec");
            if (spec.path("replicas").asInt(1) < 2) {
                v.add(o.id() + ": production collector runs at least 2 replicas");
            }
            if (!spec.has("podDisruptionBudget")) {
                v.add(o.id() + ": no spec.podDisruptionBudget");
            }
            boolean debugOnly = true;
            for (JsonNode exporter : spec.path("config").path("service").path("pipelines").path("traces").path("exporters")) {
                debugOnly &= exporter.asText().startsWith("debug");
            }
            if (debugOnly) {
                v.add(o.id() + ": production traces go nowhere but the debug exporter");
            }
        }
        return v;
    }

    private static boolean spreadsOverNodes(Deployment d, java.util.Map<String, String> labels) {
        var spec = d.getSpec().getTemplate().getSpec();
        if (spec.getTopologySpreadConstraints() != null) {
            for (TopologySpreadConstraint c : spec.getTopologySpreadConstraints()) {
                if ("kubernetes.io/hostname".equals(c.getTopologyKey()) && c.getLabelSelector() != null
                        && NetworkModel.matches(c.getLabelSelector(), labels)) {
                    return true;
                }
            }
        }
        Affinity affinity = spec.getAffinity();
        if (affinity != null && affinity.getPodAntiAffinity() != null) {
            var anti = affinity.getPodAntiAffinity();
            List<PodAffinityTerm> terms = new ArrayList<>();
            if (anti.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
                terms.addAll(anti.getRequiredDuringSchedulingIgnoredDuringExecution());
            }
            if (anti.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
                anti.getPreferredDuringSchedulingIgnoredDuringExecution().stream().map(WeightedPodAffinityTerm::getPodAffinityTerm)
                        .forEach(terms::add);
            }
            for (PodAffinityTerm term : terms) {
                if ("kubernetes.io/hostname".equals(term.getTopologyKey()) && NetworkModel.matches(term.getLabelSelector(), labels)) {
                    return true;
                }
            }
        }
        return false;
    }
}
