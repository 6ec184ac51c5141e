package dev.chezhu.loyalty.identity;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.v1.CheckConsentRequest;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.MutinyIdentityServiceGrpc.MutinyIdentityServiceStub;
import dev.chezhu.loyalty.domain.ConsentGate;
import dev.chezhu.platform.auth.ServiceAccountCredentials;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;

/** The consent port over identity's CheckConsent (all channels), with this service's own token. */
@ApplicationScoped
public class GrpcConsentGate implements ConsentGate {

    private final MutinyIdentityServiceStub identity;
    private final ServiceAccountCredentials credentials;
    private final java.time.Duration deadline;

    public GrpcConsentGate(@GrpcClient("identity") MutinyIdentityServiceStub identity,
            ServiceAccountCredentials credentials,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "chezhu.services.identity.deadline",
                    defaultValue = "3s") java.time.Duration deadline) {
        this.identity = identity;
        this.credentials = credentials;
        this.deadline = deadline;
    }

    @Override
    public Uni<Decision> check(String personId, String purpose) {
        return identity.withCallCredentials(credentials)
                .withDeadlineAfter(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).checkConsent(CheckConsentRequest.newBuilder()
                .setPerson("persons/" + personId).setPurpose(purpose(purpose)).build())
                .map(answer -> new Decision(answer.getGranted(), answer.getState().name(), answer.getReason().name()));
    }

    static ConsentPurpose purpose(String purpose) {
        return ConsentPurpose.valueOf("CONSENT_PURPOSE_" + purpose.toUpperCase(java.util.Locale.ROOT));
    }
}
