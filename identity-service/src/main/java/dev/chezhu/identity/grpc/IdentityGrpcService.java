package dev.chezhu.identity.grpc;

import jakarta.annotation.security.RolesAllowed;

import dev.chezhu.identity.domain.Identities;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.IdentifyPersonResponse;
import dev.chezhu.identity.v1.IdentityService;
import dev.chezhu.identity.v1.LookupPersonRequest;
import dev.chezhu.identity.v1.LookupPersonResponse;
import dev.chezhu.identity.v1.Person;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.platform.error.ServiceException;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

@GrpcService
public class IdentityGrpcService implements IdentityService {

    private final Identities identities;

    public IdentityGrpcService(Identities identities) {
        this.identities = identities;
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<IdentifyPersonResponse> identifyPerson(IdentifyPersonRequest request) {
        return identities.identify(IdentityMapper.toCommand(request)).map(IdentityMapper::toResponse);
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<Person> getPerson(GetPersonRequest request) {
        String personId = IdentityMapper.personId(request.getName());
        if (personId == null) {
            return Uni.createFrom().failure(ServiceException.invalidField("name", "must be persons/{person_id}"));
        }
        return identities.get(personId).map(IdentityMapper::toWire);
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<LookupPersonResponse> lookupPerson(LookupPersonRequest request) {
        if (!request.hasIdentifier()) {
            return Uni.createFrom().failure(ServiceException.invalidField("identifier", "required"));
        }
        return identities.lookup(IdentityMapper.toRaw(request.getIdentifier()))
                .map(id -> LookupPersonResponse.newBuilder().setPerson(IdentityMapper.PERSONS + id).setPersonId(id).build());
    }
}
