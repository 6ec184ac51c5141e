package dev.chezhu.platform.auth;

import java.util.concurrent.Executor;

import io.grpc.CallCredentials;
import io.grpc.Metadata;

/** Puts a given bearer token on a gRPC call: used to forward a caller's own token to a service. */
public final class BearerTokenCredentials extends CallCredentials {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    private final String token;

    public BearerTokenCredentials(String token) {
        this.token = token;
    }

    static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return headers;
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        applier.apply(bearer(token));
    }
}
