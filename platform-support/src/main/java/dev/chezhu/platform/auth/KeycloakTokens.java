package dev.chezhu.platform.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A tiny token client for callers outside a Quarkus request: tests, the fleet simulator, the demo.
 * Services themselves use quarkus-oidc-client ({@link ServiceAccountCredentials}).
 */
public final class KeycloakTokens {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI tokenEndpoint;

    public KeycloakTokens(String keycloakUrl, String realm) {
        this.tokenEndpoint = URI.create(keycloakUrl + "/realms/" + realm + "/protocol/openid-connect/token");
    }

    /** The local realm {@code chezhu} at {@code KEYCLOAK_URL} (default http://localhost:8180). */
    public static KeycloakTokens local() {
        String url = System.getenv().getOrDefault("KEYCLOAK_URL", "http://localhost:8180");
        return new KeycloakTokens(url, "chezhu");
    }

    /** A token for a confidential client (head unit, partner, service) by client-credentials grant. */
    public String clientToken(String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return request(form);
    }

    /** A token for a person (dealer staff, admin) by password grant on the public console client. */
    public String userToken(String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "chezhu-console");
        form.put("username", username);
        form.put("password", password);
        form.put("scope", "openid");
        return request(form);
    }

    private String request(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("Keycloak refused a token (" + response.statusCode() + "): "
                        + response.body());
            }
            return token.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak is not reachable at " + tokenEndpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
