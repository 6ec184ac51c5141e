package dev.chezhu.gateway.backend;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.chezhu.gateway.security.PartnerAccess;
import dev.chezhu.identity.v1.MutinyIdentityServiceGrpc.MutinyIdentityServiceStub;
import dev.chezhu.loyalty.v1.MutinyLoyaltyServiceGrpc.MutinyLoyaltyServiceStub;
import dev.chezhu.recommendation.v1.MutinyRecommendationServiceGrpc.MutinyRecommendationServiceStub;
import dev.chezhu.telematics.v1.MutinyTelematicsServiceGrpc.MutinyTelematicsServiceStub;
import io.quarkus.grpc.GrpcClient;

/** The gRPC services, each call carrying the caller's own token. */
@ApplicationScoped
public class Backends {

    private final MutinyIdentityServiceStub identity;
    private final MutinyTelematicsServiceStub telematics;
    private final MutinyRecommendationServiceStub recommendation;
    private final MutinyLoyaltyServiceStub loyalty;
    private final PartnerAccess access;
    private final long deadlineMillis;

    public Backends(@GrpcClient("identity") MutinyIdentityServiceStub identity,
            @GrpcClient("telematics") MutinyTelematicsServiceStub telematics,
            @GrpcClient("recommendation") MutinyRecommendationServiceStub recommendation,
            @GrpcClient("loyalty") MutinyLoyaltyServiceStub loyalty, PartnerAccess access,
            @ConfigProperty(name = "chezhu.gateway.backend-deadline", defaultValue = "10s") Duration deadline) {
        this.identity = identity;
        this.telematics = telematics;
        this.recommendation = recommendation;
        this.loyalty = loyalty;
        this.access = access;
        this.deadlineMillis = deadline.toMillis();
    }

    public MutinyIdentityServiceStub identity() {
        return identity.withCallCredentials(access.forwardedToken()).withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }

    public MutinyTelematicsServiceStub telematics() {
        return telematics.withCallCredentials(access.forwardedToken()).withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }

    public MutinyRecommendationServiceStub recommendation() {
        return recommendation.withCallCredentials(access.forwardedToken()).withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }

    public MutinyLoyaltyServiceStub loyalty() {
        return loyalty.withCallCredentials(access.forwardedToken()).withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }
}
