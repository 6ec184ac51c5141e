package dev.chezhu.gateway.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.chezhu.gateway.api.PersonViews.LookupView;
import dev.chezhu.gateway.api.PersonViews.ObservationInput;
import dev.chezhu.gateway.api.PersonViews.PersonView;
import dev.chezhu.gateway.api.PersonViews.ResolutionView;
import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.idempotency.IdempotentRequests;
import dev.chezhu.gateway.security.DataGuards;
import dev.chezhu.gateway.security.PartnerAccess;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.IdentifierType;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.Identifier;
import dev.chezhu.identity.v1.LookupPersonRequest;
import dev.chezhu.identity.v1.VehicleRelationship;
import dev.chezhu.identity.v1.VehicleRole;
import dev.chezhu.platform.auth.Roles;
import io.smallrye.mutiny.Uni;

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "persons", description = "One customer ID across every touchpoint")
@RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.PLATFORM_ADMIN })
public class PersonsResource {

    private final Backends backends;
    private final PartnerAccess access;
    private final DataGuards guards;
    private final IdempotentRequests idempotency;

    public PersonsResource(Backends backends, PartnerAccess access, DataGuards guards, IdempotentRequests idempotency) {
        this.backends = backends;
        this.access = access;
        this.guards = guards;
        this.idempotency = idempotency;
    }

    @POST
    @Path("/observations")
    @Operation(summary = "Identify a person from a touchpoint observation",
            description = "Creates, attaches to or merges persons. Send an Idempotency-Key: a retry returns the first answer.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ResolutionView.class)))
    public Uni<Response> observe(@HeaderParam("Idempotency-Key") String idempotencyKey, ObservationInput input) {
        access.requireScope("persons:write");
        IdempotentRequests.requireKey(idempotencyKey);
        ObservationInput body = input == null ? new ObservationInput(null, List.of(), null, List.of(), null) : input;
        IdentifyPersonRequest.Builder request = IdentifyPersonRequest.newBuilder()
                .setRequestId(IdempotentRequests.requestId(access.caller(), idempotencyKey))
                .setSource(body.source() == null ? "" : body.source());
        if (body.identifiers() != null) {
            body.identifiers().forEach(i -> request.addIdentifiers(Identifier.newBuilder()
                    .setType(Json.wireEnum(IdentifierType.class, "IDENTIFIER_TYPE_", i.type()))
                    .setValue(i.value() == null ? "" : i.value())
                    .setScope(i.scope() == null ? "" : i.scope())));
        }
        if (body.traits() != null) {
            request.putAllTraits(body.traits());
        }
        if (body.vehicles() != null) {
            body.vehicles().forEach(v -> request.addVehicles(VehicleRelationship.newBuilder()
                    .setVin(v.vin() == null ? "" : v.vin())
                    .setRole(Json.wireEnum(VehicleRole.class, "VEHICLE_ROLE_", v.role()))));
        }
        if (body.observeTime() != null) {
            request.setObserveTime(Json.timestamp(body.observeTime()));
        }
        return idempotency.execute(access.caller(), "observe", idempotencyKey, body,
                () -> backends.identity().identifyPerson(request.build()).map(ResolutionView::from));
    }

    @GET
    @Path("/persons/{personId}")
    @Operation(summary = "Read a person: identifiers with their sources, traits, vehicles",
            description = "A dealer reads only persons related to its dealer.")
    public Uni<PersonView> get(@PathParam("personId") String personId) {
        access.requireScope("persons:read");
        Checks.of().id(personId, "personId").orRefuse();
        return guards.relatedOnly(backends.identity()
                .getPerson(GetPersonRequest.newBuilder().setName("persons/" + personId).build()))
                .map(PersonView::from);
    }

    @GET
    @Path("/person-lookups")
    @Operation(summary = "Find the person one identifier belongs to",
            description = "A dealer finds only persons related to its dealer.")
    public Uni<LookupView> lookup(@QueryParam("type") @Parameter(example = "phone") String type,
            @QueryParam("value") @Parameter(example = "138 0013 8000") String value,
            @QueryParam("scope") String scope) {
        access.requireScope("persons:read");
        Checks.of().present(type, "type").present(value, "value").orRefuse();
        return backends.identity().lookupPerson(LookupPersonRequest.newBuilder()
                .setIdentifier(Identifier.newBuilder()
                        .setType(Json.wireEnum(IdentifierType.class, "IDENTIFIER_TYPE_", type))
                        .setValue(value == null ? "" : value)
                        .setScope(scope == null ? "" : scope))
                .build())
                .call(r -> guards.personVisible(r.getPersonId()))
                .map(r -> new LookupView(r.getPerson(), r.getPersonId()));
    }
}
