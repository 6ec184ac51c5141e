package dev.chezhu.loyalty.identity;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.v1.GetLifecycleRequest;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.Lifecycle;
import dev.chezhu.identity.v1.LifecycleStage;
import dev.chezhu.identity.v1.ListVehicleRelationshipsRequest;
import dev.chezhu.identity.v1.ListVehicleRelationshipsResponse;
import dev.chezhu.identity.v1.MutinyIdentityServiceGrpc.MutinyIdentityServiceStub;
import dev.chezhu.identity.v1.Person;
import dev.chezhu.identity.v1.VehicleRole;
import dev.chezhu.loyalty.domain.Profile;
import dev.chezhu.loyalty.domain.ProfileDirectory;
import dev.chezhu.platform.auth.ServiceAccountCredentials;
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
 * Vehicle owner: identity's ListVehicleRelationships (role OWNER), the first owner it lists. (It
 * replaced CheckConsent on the vehicle, which names an owner only when one has a consent record for
 * the purpose: an owner who was never asked about marketing could not be found, so a head unit could
 * not read its owner's account.) A VIN identity does not know has no owner.
 */
@ApplicationScoped
public class GrpcProfileDirectory implements ProfileDirectory {

    public static final String ADVOCATE_TAG = "advocate";

    private final MutinyIdentityServiceStub identity;
    private final ServiceAccountCredentials credentials;
    private final java.time.Duration deadline;

    public GrpcProfileDirectory(@GrpcClient("identity") MutinyIdentityServiceStub identity,
            ServiceAccountCredentials credentials,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "chezhu.services.identity.deadline",
                    defaultValue = "3s") java.time.Duration deadline) {
        this.identity = identity;
        this.credentials = credentials;
        this.deadline = deadline;
    }

    private MutinyIdentityServiceStub stub() {
        return identity.withCallCredentials(credentials).withDeadlineAfter(deadline.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
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
        return stub().listVehicleRelationships(ListVehicleRelationshipsRequest.newBuilder()
                .setParent("vehicles/" + vin).setRole(VehicleRole.VEHICLE_ROLE_OWNER).setPageSize(10).build())
                .map(GrpcProfileDirectory::owner)
                .onFailure(GrpcProfileDirectory::notFound).recoverWithItem(Optional.empty());
    }

    static Optional<String> owner(ListVehicleRelationshipsResponse answer) {
        return answer.getRelationshipsList().stream()
                .filter(r -> r.getRole() == VehicleRole.VEHICLE_ROLE_OWNER && r.getPerson().startsWith("persons/"))
                .map(r -> r.getPerson().substring("persons/".length())).findFirst();
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND;
    }
}
