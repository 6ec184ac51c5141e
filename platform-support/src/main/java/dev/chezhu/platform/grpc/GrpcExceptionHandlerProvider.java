package dev.chezhu.platform.grpc;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.chezhu.platform.auth.GrpcAuthExceptionHandlerProvider;
import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.error.ServiceException;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;

/**
 * Maps whatever a gRPC method fails with to a status a client can act on: {@link ServiceException}
 * with its ErrorInfo/BadRequest details, security failures as UNAUTHENTICATED / PERMISSION_DENIED,
 * and anything unexpected as INTERNAL without leaking its message.
 */
@ApplicationScoped
public class GrpcExceptionHandlerProvider implements ExceptionHandlerProvider {

    private static final Logger LOG = Logger.getLogger(GrpcExceptionHandlerProvider.class);

    private final GrpcAuthExceptionHandlerProvider authErrors;

    public GrpcExceptionHandlerProvider(GrpcAuthExceptionHandlerProvider authErrors) {
        this.authErrors = authErrors;
    }

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
            ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata headers) {
                StatusException status = toStatusException(failure);
                Metadata trailers = status.getTrailers() != null ? status.getTrailers() : new Metadata();
                serverCall.close(status.getStatus(), trailers);
            }
        };
    }

    @Override
    public Throwable transform(Throwable failure) {
        return toStatusException(failure);
    }

    public StatusException toStatusException(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ServiceException serviceException) {
            return ErrorDetails.statusException(serviceException);
        }
        if (cause instanceof StatusException statusException) {
            return statusException;
        }
        if (cause instanceof StatusRuntimeException runtime) {
            return new StatusException(runtime.getStatus(), runtime.getTrailers());
        }
        if (authErrors.handlesException(cause)) {
            return authErrors.transformToStatusException(cause);
        }
        LOG.error("Unexpected failure in a gRPC call", cause);
        return ErrorDetails.statusException(Status.Code.INTERNAL, "INTERNAL",
                "Internal error; the service logged the details", java.util.Map.of(), java.util.List.of());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof java.util.concurrent.CompletionException
                || current.getClass().getName().equals("io.smallrye.mutiny.CompositeException"))
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
