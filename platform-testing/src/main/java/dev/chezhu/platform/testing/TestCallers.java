package dev.chezhu.platform.testing;

import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.auth.KeycloakTokens;

/**
 * Real tokens from the local Keycloak realm {@code chezhu}, one per kind of caller, as gRPC call
 * credentials. The clients and users are those of {@code infra/keycloak/chezhu-realm.json}.
 */
public final class TestCallers {

    public static final KeycloakTokens KEYCLOAK = KeycloakTokens.local();
    /** The VIN in the token of the {@code head-unit} client. */
    public static final String HEAD_UNIT_VIN = "LSVAU2180N2183294";
    /** The VIN in the token of the {@code head-unit-2} client. */
    public static final String OTHER_HEAD_UNIT_VIN = "LFV2A21K5N3000002";

    private TestCallers() {
    }

    public static BearerTokenCredentials bearer(String token) {
        return new BearerTokenCredentials(token);
    }

    /** Partner app with every partner scope. */
    public static BearerTokenCredentials partner() {
        return bearer(KEYCLOAK.clientToken("partner-app", "partner-app-secret"));
    }

    /** Head unit of {@link #HEAD_UNIT_VIN}. */
    public static BearerTokenCredentials headUnit() {
        return bearer(KEYCLOAK.clientToken("head-unit", "head-unit-secret"));
    }

    /** Head unit of {@link #OTHER_HEAD_UNIT_VIN}. */
    public static BearerTokenCredentials otherHeadUnit() {
        return bearer(KEYCLOAK.clientToken("head-unit-2", "head-unit-2-secret"));
    }

    /** Service advisor of dealer D001. */
    public static BearerTokenCredentials dealerD001() {
        return bearer(KEYCLOAK.userToken("advisor.d001", "advisor"));
    }

    /** Service advisor of dealer D002. */
    public static BearerTokenCredentials dealerD002() {
        return bearer(KEYCLOAK.userToken("advisor.d002", "advisor"));
    }

    /** The brand's platform admin. */
    public static BearerTokenCredentials platformAdmin() {
        return bearer(KEYCLOAK.userToken("admin.platform", "admin"));
    }

    /** The service account of a Chezhu service, e.g. {@code loyalty-service}. */
    public static BearerTokenCredentials service(String clientId) {
        return bearer(KEYCLOAK.clientToken(clientId, clientId + "-secret"));
    }

    /** A token that expires one second after it is issued. */
    public static String shortLivedToken() {
        return KEYCLOAK.clientToken("test-expiring-token", "test-expiring-token-secret");
    }
}
