package dev.chezhu.gateway.backend;

import jakarta.enterprise.context.ApplicationScoped;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;

/** Keeps the metadata each stand-in service received, by method name. */
@GlobalInterceptor
@ApplicationScoped
public class HeaderCapture implements ServerInterceptor {

    private final BackendCalls calls;

    public HeaderCapture(BackendCalls calls) {
        this.calls = calls;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        calls.headers(call.getMethodDescriptor().getBareMethodName(), headers);
        return next.startCall(call, headers);
    }
}
