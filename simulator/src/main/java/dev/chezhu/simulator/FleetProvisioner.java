package dev.chezhu.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Provisions one Keycloak client per simulated car, as a factory line would: client-credentials,
 * the realm role {@code head_unit}, and a hard-coded {@code vin} claim, so each car's token speaks
 * for that car only. Uses the dev Keycloak's admin account; idempotent (an existing client is kept).
 */
final class FleetProvisioner {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json;
    private final String keycloakUrl;
    private String adminToken;

    FleetProvisioner(String keycloakUrl, ObjectMapper json) {
        this.keycloakUrl = keycloakUrl;
        this.json = json;
    }

    static String clientId(String vin) {
        return "head-unit-" + vin.toLowerCase();
    }

    static String secret(String vin) {
        return clientId(vin) + "-secret";
    }

    void provision(List<String> vins) {
        adminToken = adminToken();
        JsonNode headUnitRole = send("GET", "/admin/realms/chezhu/roles/head_unit", null).body();
        // four at a time: Keycloak takes about a second per client on a busy machine
        inParallel(vins, vin -> provision(vin, headUnitRole));
    }

    private static void inParallel(List<String> vins, Consumer<String> task) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String vin : vins) {
                done.add(pool.submit(() -> task.accept(vin)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void provision(String vin, JsonNode headUnitRole) {
        Response created = send("POST", "/admin/realms/chezhu/clients", Map.of(
                "clientId", clientId(vin),
                "description", "Simulated head unit of " + vin,
                "enabled", true,
                "publicClient", false,
                "secret", secret(vin),
                "serviceAccountsEnabled", true,
                "standardFlowEnabled", false,
                "directAccessGrantsEnabled", false,
                "protocolMappers", List.of(Map.of(
                        "name", "vin", "protocol", "openid-connect",
                        "protocolMapper", "oidc-hardcoded-claim-mapper",
                        "config", Map.of("claim.name", "vin", "claim.value", vin, "jsonType.label", "String",
                                "access.token.claim", "true", "introspection.token.claim", "true")))));
        if (created.status() == 409) {
            return; // provisioned by an earlier run
        }
        if (created.status() / 100 != 2) {
            throw new IllegalStateException("Keycloak refused client " + clientId(vin) + ": " + created.status());
        }
        String id = send("GET", "/admin/realms/chezhu/clients?clientId="
                + URLEncoder.encode(clientId(vin), StandardCharsets.UTF_8), null).body().get(0).path("id").asText();
        String user = send("GET", "/admin/realms/chezhu/clients/" + id + "/service-account-user", null).body()
                .path("id").asText();
        send("POST", "/admin/realms/chezhu/users/" + user + "/role-mappings/realm", List.of(headUnitRole));
    }

    /** Removes the simulated head units again, so runs do not pile clients up in the realm. */
    void deprovision(List<String> vins) {
        adminToken = adminToken();
        inParallel(vins, vin -> {
            JsonNode found = send("GET", "/admin/realms/chezhu/clients?clientId="
                    + URLEncoder.encode(clientId(vin), StandardCharsets.UTF_8), null).body();
            if (found.isArray() && found.size() == 1) {
                send("DELETE", "/admin/realms/chezhu/clients/" + found.get(0).path("id").asText(), null);
            }
        });
    }

    private record Response(int status, JsonNode body) {
    }

    private String adminToken() {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
        HttpRequest request = HttpRequest.newBuilder(URI.create(keycloakUrl + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak admin login refused: " + response.statusCode());
            }
            return json.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak not reachable at " + keycloakUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Response send(String method, String path, Object body) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(keycloakUrl + path))
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + adminToken);
            if (body == null) {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                builder.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
            return new Response(response.statusCode(), parsed);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
