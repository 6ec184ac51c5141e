package dev.chezhu.gateway.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.security.PartnerAccess;
import dev.chezhu.identity.v1.PersonSummary;
import dev.chezhu.identity.v1.SearchPersonsRequest;
import dev.chezhu.platform.auth.Roles;
import io.smallrye.mutiny.Uni;

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "persons")
@RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.PLATFORM_ADMIN })
public class PersonSearchResource {

    private final Backends backends;
    private final PartnerAccess access;

    public PersonSearchResource(Backends backends, PartnerAccess access) {
        this.backends = backends;
        this.access = access;
    }

    @Schema(description = "Enough of a person to pick the right one; identifiers masked")
    public record PersonSummaryView(String name, String personId, String displayName,
            @Schema(example = "+86138****8000") String maskedPhone, List<String> vins,
            @Schema(example = "owner") String lifecycleStage, List<String> dealerIds) {

        static PersonSummaryView from(PersonSummary p) {
            return new PersonSummaryView(p.getName(), p.getPersonId(), p.getDisplayName(), p.getMaskedPhone(),
                    p.getVehiclesList().stream().map(v -> v.getVin()).toList(),
                    Json.enumName(p.getLifecycleStage(), "LIFECYCLE_STAGE_"), p.getDealerIdsList());
        }
    }

    public record PersonSearchView(List<PersonSummaryView> persons, String nextPageToken) {
    }

    @GET
    @Path("/person-searches")
    @Operation(summary = "Find persons by phone, e-mail, VIN, licence plate or a name fragment (exactly one)",
            description = "A dealer finds only persons related to its own dealer, whatever dealerId says.")
    public Uni<PersonSearchView> search(@QueryParam("phone") @Parameter(example = "138 0013 8000") String phone,
            @QueryParam("email") String email, @QueryParam("vin") String vin,
            @QueryParam("licencePlate") @Parameter(example = "沪A·12345") String licencePlate,
            @QueryParam("name") @Parameter(example = "Wang") String name,
            @QueryParam("dealerId") @Parameter(description = "platform team and partners: only this dealer's persons") String dealerId,
            @QueryParam("pageSize") @Parameter(description = "1-100, default 20") Integer pageSize,
            @QueryParam("pageToken") String pageToken) {
        access.requireScope("persons:read");
        access.requireOwnDealer(dealerId);
        long given = java.util.stream.Stream.of(phone, email, vin, licencePlate, name)
                .filter(v -> v != null && !v.isBlank()).count();
        Checks.of().require(given == 1, "query", "give exactly one of phone, email, vin, licencePlate, name")
                .pageSize(pageSize, 100).pageToken(pageToken).orRefuse();
        SearchPersonsRequest.Builder request = SearchPersonsRequest.newBuilder()
                .setDealerId(access.boundDealer().orElse(Checks.text(dealerId)))
                .setPageSize(Checks.pageSize(pageSize)).setPageToken(Checks.text(pageToken));
        if (phone != null && !phone.isBlank()) {
            request.setPhone(phone.trim());
        } else if (email != null && !email.isBlank()) {
            request.setEmail(email.trim());
        } else if (vin != null && !vin.isBlank()) {
            request.setVin(vin.trim());
        } else if (licencePlate != null && !licencePlate.isBlank()) {
            request.setLicencePlate(licencePlate.trim());
        } else {
            request.setName(name.trim());
        }
        return backends.identity().searchPersons(request.build())
                .map(r -> new PersonSearchView(r.getPersonsList().stream().map(PersonSummaryView::from).toList(),
                        r.getNextPageToken()));
    }
}
