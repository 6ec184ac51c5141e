package dev.chezhu.platform.auth;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.error.ErrorDetails;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.quarkus.grpc.auth.AuthExceptionHandler;
import io.quarkus.grpc.auth.AuthExceptionHandlerProvider;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.UnauthorizedException;

/**
 * Quarkus answers a call without credentials with PERMISSION_DENIED because
 * {@link UnauthorizedException} is a {@link SecurityException}. gRPC says that is UNAUTHENTICATED:
 * missing, expired or forged token → UNAUTHENTICATED; valid token, wrong role → PERMISSION_DENIED.
 */
@ApplicationScoped
public class GrpcAuthExceptionHandlerProvider implements AuthExceptionHandlerProvider {

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }

    @Override
    public <ReqT, RespT> AuthExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
            ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new AuthExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata trailers) {
                StatusException status = transformToStatusException(failure);
                serverCall.close(status.getStatus(), status.getTrailers());
            }
        };
    }

    @Override
    public boolean handlesException(Throwable failure) {
        return failure instanceof AuthenticationException || failure instanceof SecurityException;
    }

    @Override
    public StatusException transformToStatusException(Throwable failure) {
        if (failure instanceof AuthenticationException || failure instanceof UnauthorizedException) {
            return ErrorDetails.statusException(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED",
                    "A valid bearer token from the chezhu realm is required", java.util.Map.of(), java.util.List.of());
        }
        return ErrorDetails.statusException(Status.Code.PERMISSION_DENIED, "ROLE_NOT_ALLOWED",
                "The caller's roles do not allow this method", java.util.Map.of(), java.util.List.of());
    }
}
