package dev.chezhu.gateway.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.chezhu.platform.auth.KeycloakTokens;

/** Real tokens from the local Keycloak, one per kind of caller the gateway admits (cached per test run). */
public final class Callers {

    private static final KeycloakTokens KEYCLOAK = KeycloakTokens.local();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Callers() {
    }

    /** Partner client with every partner scope. */
    public static String partnerApp() {
        return client("partner-app");
    }

    /** Partner client with read scopes only. */
    public static String partnerReadonly() {
        return client("partner-readonly");
    }

    /** Dealer D001's own system: partner scopes, bound to D001 by its token's dealer_id. */
    public static String dealerSystemD001() {
        return client("dealer-d001-crm");
    }

    /** Dealer D002's own system (the test profile gives it a tiny rate budget). */
    public static String dealerSystemD002() {
        return client("dealer-d002-crm");
    }

    /** Service advisor of dealer D001 (a person, console client). */
    public static String advisorD001() {
        return TOKENS.computeIfAbsent("advisor.d001", u -> KEYCLOAK.userToken(u, "advisor"));
    }

    /** Service advisor of dealer D002. */
    public static String advisorD002() {
        return TOKENS.computeIfAbsent("advisor.d002", u -> KEYCLOAK.userToken(u, "advisor"));
    }

    /** The brand's platform admin. */
    public static String admin() {
        return TOKENS.computeIfAbsent("admin.platform", u -> KEYCLOAK.userToken(u, "admin"));
    }

    static String fresh(String clientId) {
        return KEYCLOAK.clientToken(clientId, clientId + "-secret");
    }

    private static String client(String clientId) {
        return TOKENS.computeIfAbsent(clientId, Callers::fresh);
    }
}
