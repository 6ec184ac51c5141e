package dev.chezhu.identity.bench;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.chezhu.platform.auth.BearerTokenCredentials;
import io.grpc.CallCredentials;
import io.grpc.Metadata;

/** A real Keycloak token for long runs: fetched again every three minutes (tokens live five). */
final class RefreshingCredentials extends CallCredentials {

    private final Supplier<BearerTokenCredentials> fetch;
    private volatile BearerTokenCredentials current;
    private volatile long fetchedAt;

    RefreshingCredentials(Supplier<BearerTokenCredentials> fetch) {
        this.fetch = fetch;
    }

    private BearerTokenCredentials credentials() {
        if (current == null || System.currentTimeMillis() - fetchedAt > 180_000) {
            synchronized (this) {
                if (current == null || System.currentTimeMillis() - fetchedAt > 180_000) {
                    current = fetch.get();
                    fetchedAt = System.currentTimeMillis();
                }
            }
        }
        return current;
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        credentials().applyRequestMetadata(requestInfo, appExecutor, new MetadataApplier() {
            @Override
            public void apply(Metadata headers) {
                applier.apply(headers);
            }

            @Override
            public void fail(io.grpc.Status status) {
                applier.fail(status);
            }
        });
    }
}
