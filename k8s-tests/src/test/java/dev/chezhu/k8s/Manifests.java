package dev.chezhu.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The objects of one rendered overlay (or of a test fixture), each as a JSON tree and as its fabric8 type. */
final class Manifests {

    /** Custom resources of the operators Chezhu relies on: parsed generically, checked field by field. */
    static final Set<String> CUSTOM_KINDS = Set.of(
            "postgresql.cnpg.io/v1 Cluster",
            "postgresql.cnpg.io/v1 Database",
            "k8s.keycloak.org/v2alpha1 Keycloak",
            "k8s.keycloak.org/v2alpha1 KeycloakRealmImport",
            "opentelemetry.io/v1beta1 OpenTelemetryCollector");

    /** Kinds that live outside any namespace. */
    static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "GatewayClass", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PriorityClass", "StorageClass");

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper YAML = new YAMLMapper();

    /** One object: its JSON tree, its fabric8 form (typed, or generic for a custom resource) and any parse error. */
    record Doc(int index, JsonNode node, Object typed, String parseError) {

        String kind() {
            return node.path("kind").asText();
        }

        String apiVersion() {
            return node.path("apiVersion").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        String namespace() {
            JsonNode ns = node.path("metadata").path("namespace");
            return ns.isMissingNode() || ns.isNull() ? null : ns.asText();
        }

        String id() {
            return kind() + "/" + name();
        }

        @SuppressWarnings("unchecked")
        <T> T as(Class<T> type) {
            return (T) typed;
        }
    }

    final String name;
    final List<Doc> docs;

    private Manifests(String name, List<Doc> docs) {
        this.name = name;
        this.docs = docs;
    }

    static Manifests parse(String name, String yaml) {
        List<Doc> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node == null || node.isNull() || node.isMissingNode() || node.isEmpty()) {
                    continue;
                }
                Object typed = null;
                String error = null;
                try {
                    typed = SERIALIZATION.unmarshal(node.toString());
                } catch (RuntimeException e) {
                    error = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                docs.add(new Doc(docs.size(), node, typed, error));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not YAML: " + name, e);
        }
        return new Manifests(name, List.copyOf(docs));
    }

    List<Doc> ofKind(String kind) {
        return docs.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    <T> List<T> typed(Class<T> type) {
        return docs.stream().map(Doc::typed).filter(type::isInstance).map(type::cast).toList();
    }

    Optional<Doc> find(String kind, String name) {
        return docs.stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).findFirst();
    }

    /** The namespace the objects live in (the first namespaced object's). */
    String namespace() {
        return docs.stream().filter(d -> !CLUSTER_SCOPED.contains(d.kind())).map(Doc::namespace)
                .filter(ns -> ns != null).findFirst().orElse("default");
    }

    Set<String> kinds() {
        return docs.stream().map(Doc::kind).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    static boolean isGeneric(Object typed) {
        return typed instanceof GenericKubernetesResource;
    }

    static boolean isTyped(Object typed) {
        return typed instanceof HasMetadata && !isGeneric(typed);
    }

    @Override
    public String toString() {
        return name;
    }
}
