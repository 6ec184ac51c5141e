package dev.chezhu.platform.auth;

import java.time.Instant;
import java.util.concurrent.Executor;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import io.grpc.CallCredentials;
import io.grpc.Status;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;

/**
 * The calling service's own token (client-credentials grant of its Keycloak client) on every
 * service-to-service gRPC call: a service is trusted for what its token says, never for where it
 * runs. One token is shared by all calls and renewed shortly before it expires, without blocking.
 */
@Singleton
public class ServiceAccountCredentials extends CallCredentials {

    /** Renew this long before expiry so a token never expires in flight. */
    private static final long RENEW_BEFORE_SECONDS = 30;

    // Resolved lazily: pure clients (simulator, end-to-end tests) run with quarkus-oidc-client disabled.
    private final Instance<OidcClient> oidcClient;
    private volatile Uni<Tokens> tokens;

    public ServiceAccountCredentials(Instance<OidcClient> oidcClient) {
        this.oidcClient = oidcClient;
        this.tokens = fetch();
    }

    private Uni<Tokens> fetch() {
        return Uni.createFrom().deferred(() -> oidcClient.get().getTokens()).memoize().indefinitely();
    }

    private synchronized Uni<Tokens> renew(Uni<Tokens> stale) {
        if (tokens == stale) {
            tokens = fetch();
        }
        return tokens;
    }

    private static boolean expiresSoon(Tokens current) {
        Long expiresAt = current.getAccessTokenExpiresAt();
        return expiresAt != null && Instant.now().getEpochSecond() + RENEW_BEFORE_SECONDS >= expiresAt;
    }

    /** A valid access token for this service. */
    public Uni<String> accessToken() {
        Uni<Tokens> current = tokens;
        return current
                .onFailure().recoverWithUni(() -> renew(current))
                .flatMap(t -> expiresSoon(t) ? renew(current) : Uni.createFrom().item(t))
                .map(Tokens::getAccessToken);
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        accessToken().subscribe().with(
                token -> applier.apply(BearerTokenCredentials.bearer(token)),
                failure -> applier.fail(Status.UNAUTHENTICATED
                        .withDescription("Could not obtain this service's token from Keycloak")
                        .withCause(failure)));
    }
}
