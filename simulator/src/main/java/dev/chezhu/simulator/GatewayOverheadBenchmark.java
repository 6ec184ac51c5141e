package dev.chezhu.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.auth.KeycloakTokens;
import io.quarkus.grpc.GrpcClient;

/**
 * The gateway's cost: the same read (one person) through the gateway's REST API and straight over
 * gRPC to identity-service, side by side, same token, same concurrency.
 */
@ApplicationScoped
class GatewayOverheadBenchmark {

    private final GatewayClient gateway;
    private final IdentityServiceBlockingStub identity;

    GatewayOverheadBenchmark(@ConfigProperty(name = "chezhu.simulator.gateway-url") String gatewayUrl, ObjectMapper json,
            @GrpcClient("identity") IdentityServiceBlockingStub identity) {
        this.gateway = new GatewayClient(gatewayUrl, json);
        this.identity = identity;
    }

    List<LoadGenerator.Result> run(int workers, Duration measure) {
        String token = KeycloakTokens.local().clientToken("partner-app", "partner-app-secret");
        GatewayClient.Answer created = gateway.post(token, "/v1/observations", Map.of("source", "app",
                "identifiers", List.of(Map.of("type", "app_account", "value", "bench-" + UUID.randomUUID()))));
        if (!created.ok()) {
            throw new IllegalStateException("could not create the benchmark person: " + created.status());
        }
        String personId = created.body().path("person").path("personId").asText();
        IdentityServiceBlockingStub direct = identity.withCallCredentials(new BearerTokenCredentials(token));
        GetPersonRequest request = GetPersonRequest.newBuilder().setName("persons/" + personId).build();
        Duration warmUp = Duration.ofSeconds(5);
        LoadGenerator.Result grpc = LoadGenerator.run("identity GetPerson over gRPC", workers, warmUp, measure,
                worker -> direct.getPerson(request));
        LoadGenerator.Result rest = LoadGenerator.run("GET /v1/persons/{id} via gateway", workers, warmUp, measure,
                worker -> {
                    GatewayClient.Answer answer = gateway.get(token, "/v1/persons/" + personId);
                    if (!answer.ok()) {
                        throw new IllegalStateException("status " + answer.status());
                    }
                });
        return List.of(grpc, rest);
    }
}
