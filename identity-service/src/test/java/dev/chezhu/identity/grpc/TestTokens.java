package dev.chezhu.identity.grpc;

import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.auth.KeycloakTokens;

/** Real tokens from the local Keycloak realm, one per kind of caller. */
final class TestTokens {

    static final KeycloakTokens KEYCLOAK = KeycloakTokens.local();

    private TestTokens() {
    }

    static BearerTokenCredentials partner() {
        return new BearerTokenCredentials(KEYCLOAK.clientToken("partner-app", "partner-app-secret"));
    }

    static BearerTokenCredentials headUnit() {
        return new BearerTokenCredentials(KEYCLOAK.clientToken("head-unit", "head-unit-secret"));
    }

    static BearerTokenCredentials dealer() {
        return new BearerTokenCredentials(KEYCLOAK.userToken("advisor.d001", "advisor"));
    }
}
