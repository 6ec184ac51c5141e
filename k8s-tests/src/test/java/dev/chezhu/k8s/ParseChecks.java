package dev.chezhu.k8s;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every object is a Kubernetes object of a known type, with no field its type lacks, in one namespace. */
final class ParseChecks {

    private ParseChecks() {
    }

    /** Strict parsing, one namespace for everything namespaced, no duplicates, no Secret. */
    static List<String> check(Manifests m) {
        List<String> v = strict(m);
        Set<String> seen = new HashSet<>();
        for (Manifests.Doc doc : m.docs) {
            String where = "document " + doc.index() + " (" + doc.id() + ")";
            if (!seen.add(doc.apiVersion().split("/")[0] + " " + doc.kind() + " " + doc.namespace() + " " + doc.name())) {
                v.add(where + " is defined twice");
            }
            if (doc.kind().equals("Secret")) {
                v.add(where + ": Secrets are never rendered from the repository; list it in k8s/secrets/*.example instead");
            }
        }
        String namespace = m.namespace();
        for (Manifests.Doc doc : m.docs) {
            boolean clusterScoped = Manifests.CLUSTER_SCOPED.contains(doc.kind());
            if (clusterScoped && doc.namespace() != null) {
                v.add(doc.id() + " is cluster-scoped but carries namespace " + doc.namespace());
            } else if (!clusterScoped && !namespace.equals(doc.namespace())) {
                v.add(doc.id() + " is in namespace " + doc.namespace() + ", not " + namespace
                        + " like the rest (an overlay that merges generators must repeat `namespace:`)");
            }
        }
        return v;
    }

    /** Every object parses as its Kubernetes type (or is a known custom resource) with no unknown field. */
    static List<String> strict(Manifests m) {
        List<String> v = new ArrayList<>();
        for (Manifests.Doc doc : m.docs) {
            String where = "document " + doc.index() + " (" + doc.id() + ")";
            if (doc.apiVersion().isEmpty() || doc.kind().isEmpty() || doc.name().isEmpty()) {
                v.add(where + ": apiVersion, kind and metadata.name are required");
            }
            if (doc.parseError() != null) {
                v.add(where + " does not parse as " + doc.apiVersion() + " " + doc.kind() + ": " + doc.parseError());
                continue;
            }
            if (Manifests.isGeneric(doc.typed())) {
                if (!Manifests.CUSTOM_KINDS.contains(doc.apiVersion() + " " + doc.kind())) {
                    v.add(where + ": " + doc.apiVersion() + " " + doc.kind()
                            + " is neither a Kubernetes type fabric8 knows nor one of the operators' custom resources "
                            + Manifests.CUSTOM_KINDS);
                }
            } else if (!Manifests.isTyped(doc.typed())) {
                v.add(where + ": not a Kubernetes object");
            } else {
                for (String field : StrictModel.unknownFields(doc.typed())) {
                    v.add(where + ": unknown field " + field);
                }
            }
        }
        return v;
    }
}
