package dev.chezhu.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.auth.KeycloakTokens;

/**
 * Real tokens from the dev realm, fetched once and reused for four minutes (the realm's tokens
 * live five), so a long run never calls with an expired one. Clients use their dev secret
 * {@code <client-id>-secret}; people (dealer staff, the platform team) their dev password.
 */
final class Tokens {

    private static final long REUSE_NANOS = 240_000_000_000L;

    private record Cached(String token, long fetchedAt) {
    }

    private final KeycloakTokens keycloak = KeycloakTokens.local();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    String client(String clientId) {
        return cached(clientId, () -> keycloak.clientToken(clientId, clientId + "-secret"));
    }

    String user(String username, String password) {
        return cached("user:" + username, () -> keycloak.userToken(username, password));
    }

    BearerTokenCredentials clientCredentials(String clientId) {
        return new BearerTokenCredentials(client(clientId));
    }

    private String cached(String key, java.util.function.Supplier<String> fetch) {
        Cached current = cache.get(key);
        if (current == null || System.nanoTime() - current.fetchedAt() > REUSE_NANOS) {
            current = new Cached(fetch.get(), System.nanoTime());
            cache.put(key, current);
        }
        return current.token();
    }
}
