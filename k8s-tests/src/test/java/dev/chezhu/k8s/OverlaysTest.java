package dev.chezhu.k8s;

import static dev.chezhu.k8s.Rendered.assertNone;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay under k8s/overlays, rendered with kubectl kustomize, against every invariant. */
class OverlaysTest {

    @Test
    void theDevAndProdOverlaysExist() {
        List<String> overlays = Rendered.overlays().toList();
        assertTrue(overlays.containsAll(List.of("dev", "prod")), "overlays found: " + overlays);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.chezhu.k8s.Rendered#overlays")
    void rendersAndParsesStrictlyAsKubernetesTypes(String overlay) {
        assertNone(overlay, ParseChecks.check(Rendered.overlay(overlay)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.chezhu.k8s.Rendered#overlays")
    void rendersEveryPartOfThePlatform(String overlay) {
        Set<String> kinds = Rendered.overlay(overlay).kinds();
        assertTrue(kinds.containsAll(Set.of("Namespace", "Deployment", "Service", "ServiceAccount", "ConfigMap", "StatefulSet", "NetworkPolicy",
                "Cluster", "Database", "Keycloak", "KeycloakRealmImport", "OpenTelemetryCollector", "Gateway", "GRPCRoute", "HTTPRoute")),
                overlay + " renders only " + kinds);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.chezhu.k8s.Rendered#overlays")
    void everyContainerHasProbesResourcesARestrictedSecurityContextAndAPinnedImage(String overlay) {
        assertNone(overlay, WorkloadChecks.check(Rendered.overlay(overlay)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.chezhu.k8s.Rendered#overlays")
    void everyReferenceLeadsSomewhere(String overlay) {
        assertNone(overlay, ReferenceChecks.check(Rendered.overlay(overlay)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.chezhu.k8s.Rendered#overlays")
    void networkPoliciesDenyByDefaultAndAllowExactlyWhatIsConfigured(String overlay) {
        assertNone(overlay, NetworkChecks.check(Rendered.overlay(overlay)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.chezhu.k8s.Rendered#overlays")
    void dependenciesAndGatewayApiObjectsAreCompleteAndAgree(String overlay) {
        assertNone(overlay, DependencyChecks.check(Rendered.overlay(overlay)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.chezhu.k8s.Rendered#overlays")
    void postgresConnectionsFitAtTheAutoscalersMaximum(String overlay) {
        assertNone(overlay, CapacityChecks.check(Rendered.overlay(overlay)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.chezhu.k8s.Rendered#overlays")
    void everyQuarkusServiceOfTheRepositoryIsDeployed(String overlay) {
        Manifests m = Rendered.overlay(overlay);
        for (String module : List.of("identity-service", "telematics-service", "recommendation-service", "loyalty-service", "gateway")) {
            assertTrue(AppConfig.of(module).isPresent(), module + " is no longer a Quarkus service of the repository");
            assertTrue(Workloads.find(m, "Deployment", module).isPresent(), overlay + " deploys no " + module);
        }
    }
}
