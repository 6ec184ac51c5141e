package dev.chezhu.telematics.grpc;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.chezhu.identity.v1.CheckConsentRequest;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.MutinyIdentityServiceGrpc.MutinyIdentityServiceStub;
import dev.chezhu.platform.auth.ServiceAccountCredentials;
import dev.chezhu.telematics.domain.ConsentDecision;
import dev.chezhu.telematics.domain.ConsentGate;
import dev.chezhu.telematics.domain.VehicleName;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;

/**
 * The consent port over identity-service's CheckConsent ({@code vehicle = vehicles/{vin}}, purpose
 * TELEMETRY_COLLECTION), called with this service's own token and a short deadline. Any failure
 * (unreachable, deadline, refused) fails the Uni: ingestion then stores nothing (fail closed).
 */
@ApplicationScoped
@Typed(IdentityConsentGate.class)
public class IdentityConsentGate implements ConsentGate {

    private final MutinyIdentityServiceStub identity;
    private final ServiceAccountCredentials credentials;
    private final Duration deadline;

    public IdentityConsentGate(@GrpcClient("identity") MutinyIdentityServiceStub identity,
            ServiceAccountCredentials credentials,
            @ConfigProperty(name = "chezhu.telematics.consent.deadline", defaultValue = "2s") Duration deadline) {
        this.identity = identity;
        this.credentials = credentials;
        this.deadline = deadline;
    }

    @Override
    public Uni<ConsentDecision> telemetryCollection(String vin) {
        return identity.withCallCredentials(credentials)
                .withDeadlineAfter(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .checkConsent(CheckConsentRequest.newBuilder()
                        .setVehicle(VehicleName.of(vin))
                        .setPurpose(ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION)
                        .build())
                .map(response -> response.getGranted() ? ConsentDecision.GRANTED : ConsentDecision.NOT_GRANTED);
    }
}
