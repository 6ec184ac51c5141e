package dev.chezhu.loyalty.identity;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.v1.CheckConsentRequest;
import dev.chezhu.identity.v1.CheckConsentResponse;
import dev.chezhu.identity.v1.ConsentDecisionReason;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.GetLifecycleRequest;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.Lifecycle;
import dev.chezhu.identity.v1.LifecycleStage;
import dev.chezhu.identity.v1.MutinyIdentityServiceGrpc.MutinyIdentityServiceStub;
import dev.chezhu.identity.v1.Person;
import dev.chezhu.identity.v1.VehicleRole;
import dev.chezhu.loyalty.domain.Profile;
import dev.chezhu.loyalty.domain.ProfileDirectory;
import dev.chezhu.platform.auth.ServiceAccountCredentials;
import dev.chezhu.platform.error.ServiceException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;

/**
 * The profile port over the identity service's gRPC API, called with this service's own token.
 * Profile = GetPerson (interest tags, owned vehicles) + GetLifecycle (stage; the advocate flag
 * becomes the tag {@code advocate}). Vehicle models are not in identity's Person yet, so campaigns
 * that target models match nobody until they are.
 *
 * Vehicle owner: identity has no owner lookup yet. Until it has, CheckConsent on the vehicle is
 * used, whose answer names the owner whose record decided; when it names nobody and does not say
 * NO_OWNER, the owner is unknown and the lookup fails with UNAVAILABLE OWNER_LOOKUP_UNAVAILABLE.
 */
@ApplicationScoped
public class GrpcProfileDirectory implements ProfileDirectory {

    public static final String ADVOCATE_TAG = "advocate";

    private final MutinyIdentityServiceStub identity;
    private final ServiceAccountCredentials credentials;

    public GrpcProfileDirectory(@GrpcClient("identity") MutinyIdentityServiceStub identity,
            ServiceAccountCredentials credentials) {
        this.identity = identity;
        this.credentials = credentials;
    }

    private MutinyIdentityServiceStub stub() {
        return identity.withCallCredentials(credentials);
    }

    @Override
    public Uni<Optional<Profile>> profile(String personId) {
        Uni<Optional<Person>> person = stub().getPerson(GetPersonRequest.newBuilder().setName("persons/" + personId)
                .build()).map(Optional::of)
                .onFailure(GrpcProfileDirectory::notFound).recoverWithItem(Optional.empty());
        Uni<Optional<Lifecycle>> lifecycle = stub().getLifecycle(GetLifecycleRequest.newBuilder()
                .setName("persons/" + personId + "/lifecycle").build()).map(Optional::of)
                .onFailure(GrpcProfileDirectory::notFound).recoverWithItem(Optional.empty());
        return Uni.combine().all().unis(person, lifecycle).asTuple().map(t -> t.getItem1().map(p -> {
            Set<String> tags = new HashSet<>();
            p.getInterestsList().forEach(i -> tags.add(i.getTag()));
            Set<String> vins = new HashSet<>();
            p.getVehiclesList().stream().filter(v -> v.getRole() == VehicleRole.VEHICLE_ROLE_OWNER)
                    .forEach(v -> vins.add(v.getVin()));
            String stage = "";
            if (t.getItem2().isPresent()) {
                Lifecycle l = t.getItem2().get();
                stage = stage(l.getStage());
                if (l.getAdvocate()) {
                    tags.add(ADVOCATE_TAG);
                }
            }
            return new Profile(personId, stage, Set.copyOf(tags), Set.of(), Set.copyOf(vins));
        }));
    }

    static String stage(LifecycleStage stage) {
        return stage == LifecycleStage.LIFECYCLE_STAGE_UNSPECIFIED || stage == LifecycleStage.UNRECOGNIZED ? ""
                : stage.name().substring("LIFECYCLE_STAGE_".length());
    }

    @Override
    public Uni<Optional<String>> ownerOf(String vin) {
        return stub().checkConsent(CheckConsentRequest.newBuilder().setVehicle("vehicles/" + vin)
                .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING).build()).map(GrpcProfileDirectory::owner);
    }

    static Optional<String> owner(CheckConsentResponse answer) {
        if (answer.getPerson().startsWith("persons/")) {
            return Optional.of(answer.getPerson().substring("persons/".length()));
        }
        if (answer.getReason() == ConsentDecisionReason.CONSENT_DECISION_REASON_NO_OWNER) {
            return Optional.empty();
        }
        throw new ServiceException(Status.Code.UNAVAILABLE, "OWNER_LOOKUP_UNAVAILABLE",
                "the identity service cannot name this vehicle's owner yet", java.util.Map.of(), java.util.List.of());
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND;
    }
}
