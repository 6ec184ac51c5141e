package dev.chezhu.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** The pod templates of an overlay, with what their containers see in their environment. */
final class Workloads {

    /** A controller (or bare pod) and its pod template. */
    record Workload(String kind, String name, String namespace, PodTemplateSpec template, LabelSelector selector, Integer replicas) {

        String id() {
            return kind + "/" + name;
        }

        Map<String, String> podLabels() {
            return template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                    : template.getMetadata().getLabels();
        }

        List<Container> containers() {
            return template.getSpec().getContainers() == null ? List.of() : template.getSpec().getContainers();
        }

        List<Container> initContainers() {
            return template.getSpec().getInitContainers() == null ? List.of() : template.getSpec().getInitContainers();
        }
    }

    private Workloads() {
    }

    static List<Workload> of(Manifests m) {
        List<Workload> result = new ArrayList<>();
        for (Manifests.Doc doc : m.docs) {
            Object t = doc.typed();
            if (t instanceof Deployment d) {
                result.add(new Workload("Deployment", doc.name(), doc.namespace(), d.getSpec().getTemplate(), d.getSpec().getSelector(),
                        d.getSpec().getReplicas()));
            } else if (t instanceof StatefulSet s) {
                result.add(new Workload("StatefulSet", doc.name(), doc.namespace(), s.getSpec().getTemplate(), s.getSpec().getSelector(),
                        s.getSpec().getReplicas()));
            } else if (t instanceof DaemonSet s) {
                result.add(new Workload("DaemonSet", doc.name(), doc.namespace(), s.getSpec().getTemplate(), s.getSpec().getSelector(), null));
            } else if (t instanceof ReplicaSet s) {
                result.add(new Workload("ReplicaSet", doc.name(), doc.namespace(), s.getSpec().getTemplate(), s.getSpec().getSelector(),
                        s.getSpec().getReplicas()));
            } else if (t instanceof Job j) {
                result.add(new Workload("Job", doc.name(), doc.namespace(), j.getSpec().getTemplate(), null, null));
            } else if (t instanceof CronJob c) {
                result.add(new Workload("CronJob", doc.name(), doc.namespace(), c.getSpec().getJobTemplate().getSpec().getTemplate(), null, null));
            } else if (t instanceof Pod p) {
                result.add(new Workload("Pod", doc.name(), doc.namespace(), new PodTemplateSpec(p.getMetadata(), p.getSpec()), null, 1));
            }
        }
        return result;
    }

    static Optional<Workload> find(Manifests m, String kind, String name) {
        return of(m).stream().filter(w -> w.kind().equals(kind) && w.name().equals(name)).findFirst();
    }

    /**
     * The environment a container starts with, as far as the manifests tell: envFrom ConfigMaps
     * with their values, envFrom Secrets and secretKeyRef values as {@link #SECRET}, literal values
     * with $(VAR) left as written, and later entries winning as in the kubelet.
     */
    static Map<String, String> environment(Manifests m, Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource from : container.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getConfigMapRef() != null) {
                    configMap(m, from.getConfigMapRef().getName())
                            .ifPresent(cm -> data(cm).forEach((k, v) -> env.put(prefix + k, v)));
                }
                if (from.getSecretRef() != null) {
                    SecretExamples.keys(from.getSecretRef().getName()).forEach(k -> env.put(prefix + k, SECRET));
                }
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar var : container.getEnv()) {
                if (var.getValueFrom() == null) {
                    env.put(var.getName(), var.getValue() == null ? "" : var.getValue());
                } else if (var.getValueFrom().getConfigMapKeyRef() != null) {
                    String name = var.getValueFrom().getConfigMapKeyRef().getName();
                    String key = var.getValueFrom().getConfigMapKeyRef().getKey();
                    env.put(var.getName(), configMap(m, name).map(cm -> data(cm).get(key)).orElse(null));
                } else {
                    env.put(var.getName(), SECRET);
                }
            }
        }
        return env;
    }

    /** Stands for a value that comes from a Secret. */
    static final String SECRET = "<secret>";

    static Optional<ConfigMap> configMap(Manifests m, String name) {
        return m.typed(ConfigMap.class).stream().filter(cm -> cm.getMetadata().getName().equals(name)).findFirst();
    }

    static Map<String, String> data(ConfigMap cm) {
        Map<String, String> data = new LinkedHashMap<>();
        if (cm.getData() != null) {
            data.putAll(cm.getData());
        }
        if (cm.getBinaryData() != null) {
            cm.getBinaryData().keySet().forEach(k -> data.put(k, "<binary>"));
        }
        return data;
    }
}
