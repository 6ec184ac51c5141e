package dev.chezhu.telematics.grpc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.MutinyIdentityServiceGrpc.MutinyIdentityServiceStub;
import dev.chezhu.identity.v1.VehicleRelationship;
import dev.chezhu.platform.auth.ServiceAccountCredentials;
import dev.chezhu.telematics.domain.OwnedVehicles;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;

/**
 * The VINs of a person from identity-service's GetPerson, with this service's own token. A person
 * identity does not know (or erased) has none; any other failure fails the Uni (the event is retried).
 */
@ApplicationScoped
public class IdentityOwnedVehicles implements OwnedVehicles {

    private final MutinyIdentityServiceStub identity;
    private final ServiceAccountCredentials credentials;
    private final Duration deadline;

    public IdentityOwnedVehicles(@GrpcClient("identity") MutinyIdentityServiceStub identity,
            ServiceAccountCredentials credentials,
            @ConfigProperty(name = "chezhu.telematics.consent.deadline", defaultValue = "2s") Duration deadline) {
        this.identity = identity;
        this.credentials = credentials;
        this.deadline = deadline;
    }

    @Override
    public Uni<List<String>> vinsOf(String personId) {
        return identity.withCallCredentials(credentials).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .getPerson(GetPersonRequest.newBuilder().setName("persons/" + personId).build())
                .map(person -> person.getVehiclesList().stream().map(VehicleRelationship::getVin).distinct().toList())
                .onFailure(f -> f instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND)
                .recoverWithItem(List.of());
    }
}
