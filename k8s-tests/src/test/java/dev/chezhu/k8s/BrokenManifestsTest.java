package dev.chezhu.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * The checks are not vacuous: a small valid fixture passes all of them, and each way of breaking
 * it is reported. These run without kubectl, on the fixture's YAML as kustomize would print it.
 */
class BrokenManifestsTest {

    private static final String GOOD = """
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: demo
              namespace: t
            automountServiceAccountToken: false
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: demo-config
              namespace: t
            data:
              GREETING: hello
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
              namespace: t
            spec:
              replicas: 1
              strategy:
                type: RollingUpdate
                rollingUpdate:
                  maxSurge: 1
                  maxUnavailable: 0
              selector:
                matchLabels:
                  app.kubernetes.io/name: demo
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: demo
                spec:
                  serviceAccountName: demo
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                    - name: demo
                      image: registry.example.com/demo:1.0.0
                      ports:
                        - name: http
                          containerPort: 8080
                      envFrom:
                        - configMapRef:
                            name: demo-config
                      env:
                        - name: REDIS_PASSWORD
                          valueFrom:
                            secretKeyRef:
                              name: redis-auth
                              key: password
                        - name: URL
                          value: redis://:$(REDIS_PASSWORD)@cache:6379
                      resources:
                        requests:
                          cpu: 10m
                          memory: 64Mi
                        limits:
                          cpu: 100m
                          memory: 64Mi
                      livenessProbe:
                        httpGet:
                          path: /live
                          port: http
                      readinessProbe:
                        httpGet:
                          path: /ready
                          port: http
                      startupProbe:
                        httpGet:
                          path: /started
                          port: http
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities:
                          drop:
                            - ALL
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: demo
              namespace: t
            spec:
              selector:
                app.kubernetes.io/name: demo
              ports:
                - name: http
                  port: 80
                  targetPort: http
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: default-deny-all
              namespace: t
            spec:
              podSelector: {}
              policyTypes:
                - Ingress
                - Egress
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-dns
              namespace: t
            spec:
              podSelector: {}
              policyTypes:
                - Egress
              egress:
                - to:
                    - namespaceSelector:
                        matchLabels:
                          kubernetes.io/metadata.name: kube-system
                      podSelector:
                        matchLabels:
                          k8s-app: kube-dns
                  ports:
                    - protocol: UDP
                      port: 53
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: demo
              namespace: t
            spec:
              podSelector:
                matchLabels:
                  app.kubernetes.io/name: demo
              policyTypes:
                - Ingress
                - Egress
            """;

    private static List<String> all(Manifests m) {
        List<String> v = new ArrayList<>();
        v.addAll(ParseChecks.check(m));
        v.addAll(WorkloadChecks.check(m));
        v.addAll(ReferenceChecks.check(m));
        v.addAll(NetworkChecks.check(m));
        v.addAll(DependencyChecks.check(m));
        v.addAll(CapacityChecks.check(m));
        return v;
    }

    private static void reports(String yaml, Function<Manifests, List<String>> check, String expected) {
        List<String> found = check.apply(Manifests.parse("fixture", yaml));
        assertTrue(found.stream().anyMatch(f -> f.contains(expected)), () -> "expected a problem containing «" + expected + "», got " + found);
    }

    private static String replace(String target, String replacement) {
        assertTrue(GOOD.contains(target), "fixture lacks " + target);
        return GOOD.replace(target, replacement);
    }

    @Test
    void theValidFixturePassesEveryCheck() {
        Rendered.assertNone("fixture", all(Manifests.parse("fixture", GOOD)));
    }

    @Test
    void anUnknownFieldIsReported() {
        reports(replace("      image: registry.example.com/demo:1.0.0\n",
                "      image: registry.example.com/demo:1.0.0\n          imagePullPolicyy: Always\n"), ParseChecks::check, "unknown field");
    }

    @Test
    void aWrongApiVersionOrATypeErrorIsReported() {
        reports(replace("apiVersion: apps/v1\nkind: Deployment", "apiVersion: apps/v1beta9\nkind: Deployment"), ParseChecks::check,
                "neither a Kubernetes type");
        reports(replace("  replicas: 1\n", "  replicas: one\n"), ParseChecks::check, "does not parse");
    }

    @Test
    void aRenderedSecretOrAMissingNamespaceIsReported() {
        reports(GOOD + "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: leak\n  namespace: t\nstringData:\n  password: hunter2\n",
                ParseChecks::check, "Secrets are never rendered");
        reports(replace("  name: demo-config\n  namespace: t\n", "  name: demo-config\n"), ParseChecks::check, "is in namespace null");
    }

    @Test
    void aMissingProbeIsReported() {
        reports(replace("          readinessProbe:\n            httpGet:\n              path: /ready\n              port: http\n", ""),
                WorkloadChecks::check, "no readinessProbe");
    }

    @Test
    void missingResourcesAreReported() {
        reports(replace("            limits:\n              cpu: 100m\n              memory: 64Mi\n", ""), WorkloadChecks::check, "no memory limit");
    }

    @Test
    void aPermissiveSecurityContextIsReported() {
        reports(replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"), WorkloadChecks::check,
                "allowPrivilegeEscalation is not false");
        reports(replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"), WorkloadChecks::check,
                "readOnlyRootFilesystem is not true");
        reports(replace("        runAsNonRoot: true\n", ""), WorkloadChecks::check, "runAsNonRoot is not true");
    }

    @Test
    void anUnpinnedImageIsReported() {
        reports(replace("demo:1.0.0", "demo:latest"), WorkloadChecks::check, "is not pinned");
        reports(replace("demo:1.0.0", "demo"), WorkloadChecks::check, "is not pinned");
    }

    @Test
    void aServiceThatSelectsNoPodOrNoPortIsReported() {
        reports(replace("  selector:\n    app.kubernetes.io/name: demo\n  ports:", "  selector:\n    app.kubernetes.io/name: demox\n  ports:"),
                ReferenceChecks::check, "selects no pod");
        reports(replace("targetPort: http", "targetPort: metrics"), ReferenceChecks::check, "does not declare");
    }

    @Test
    void aMissingConfigMapKeyOrSecretIsReported() {
        reports(replace("            - name: URL\n", """
                            - name: NOPE
                              valueFrom:
                                configMapKeyRef:
                                  name: demo-config
                                  key: NOPE
                            - name: URL
                """), ReferenceChecks::check, "has no key NOPE");
        reports(replace("name: redis-auth", "name: no-such-secret"), ReferenceChecks::check, "is not listed in k8s/secrets");
    }

    @Test
    void anUndefinedVariableReferenceIsReported() {
        reports(replace("$(REDIS_PASSWORD)", "$(MISSING)"), ReferenceChecks::check, "$(MISSING) is not defined before it");
    }

    @Test
    void aServiceSettingTheContainerDoesNotProvideIsReported() {
        // named like a Quarkus service of the repository, the Deployment must set what its application.properties reads
        reports(GOOD.replace("demo", "identity-service"), ReferenceChecks::check, "reads ${DB_HOST}");
    }

    @Test
    void missingOrTooOpenNetworkPoliciesAreReported() {
        reports(GOOD.replace("  name: default-deny-all\n", "  name: default-deny-all\n  labels:\n    x: y\n")
                .replace("spec:\n  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n",
                        "spec:\n  podSelector:\n    matchLabels:\n      nothing: here\n  policyTypes:\n    - Ingress\n    - Egress\n"),
                NetworkChecks::check, "no default-deny");
        reports(GOOD.substring(0, GOOD.lastIndexOf("---")), NetworkChecks::check, "no NetworkPolicy of its own for Ingress");
        reports(GOOD + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: too-open
                  namespace: t
                spec:
                  podSelector:
                    matchLabels:
                      app.kubernetes.io/name: demo
                  ingress:
                    - from:
                        - namespaceSelector: {}
                """, NetworkChecks::check, "open: a pod in namespace default -> Deployment/demo:8080");
    }

    @Test
    void aRouteToAMissingServiceIsReported() {
        reports(GOOD + """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata:
                  name: edge
                  namespace: t
                spec:
                  gatewayClassName: eg
                  listeners:
                    - name: grpc
                      hostname: hu.example.com
                      port: 443
                      protocol: HTTPS
                      tls:
                        certificateRefs:
                          - name: chezhu-gateway-tls
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata:
                  name: units
                  namespace: t
                spec:
                  parentRefs:
                    - name: edge
                      sectionName: grpc
                  hostnames:
                    - hu.example.com
                  rules:
                    - backendRefs:
                        - name: nowhere
                          port: 9000
                """, DependencyChecks::check, "backend nowhere:9000 is no Service port here");
    }

    @Test
    void aMissingHighAvailabilitySetupIsReported() {
        reports(GOOD, HighAvailabilityChecks::check, "no PodDisruptionBudget");
        reports(GOOD, HighAvailabilityChecks::check, "no HorizontalPodAutoscaler");
    }

    @Test
    void aStaleRealmImportIsReported() {
        assertTrue(!RealmChecks.embedded("{\"spec\": {\"realm\": {}}}").isEmpty());
    }
}
