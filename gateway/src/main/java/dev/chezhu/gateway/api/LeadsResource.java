package dev.chezhu.gateway.api;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.security.PartnerAccess;
import dev.chezhu.identity.v1.GetLeadRequest;
import dev.chezhu.identity.v1.Lead;
import dev.chezhu.identity.v1.LeadState;
import dev.chezhu.identity.v1.ListLeadsRequest;
import dev.chezhu.platform.auth.Roles;
import io.smallrye.mutiny.Uni;

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "leads", description = "Prospects assigned to a dealer, to be contacted in time (dealers see their own)")
@RolesAllowed({ Roles.DEALER, Roles.PLATFORM_ADMIN })
public class LeadsResource {

    private final Backends backends;
    private final PartnerAccess access;

    public LeadsResource(Backends backends, PartnerAccess access) {
        this.backends = backends;
        this.access = access;
    }

    public record LeadView(String name, String leadId, String personId, @Schema(example = "D001") String dealerId,
            @Schema(example = "requested") String assignment, String source, String vehicleModel,
            @Schema(example = "open", description = "open, contacted, overdue") String state, Instant createTime,
            Instant contactDueTime, Instant firstContactTime, String firstContactChannel, int contactCount,
            Instant overdueTime) {

        static LeadView from(Lead l) {
            return new LeadView(l.getName(), l.getLeadId(), l.getPerson().replaceFirst("^persons/", ""), l.getDealerId(),
                    Json.enumName(l.getAssignment(), "LEAD_ASSIGNMENT_"), l.getSource(), l.getVehicleModel(),
                    Json.enumName(l.getState(), "LEAD_STATE_"), Json.instant(l.getCreateTime()),
                    Json.instant(l.getContactDueTime()), Json.instant(l.getFirstContactTime()),
                    Json.enumName(l.getFirstContactChannel(), "CONTACT_CHANNEL_"), l.getContactCount(),
                    Json.instant(l.getOverdueTime()));
        }
    }

    public record LeadsView(List<LeadView> leads, String nextPageToken) {
    }

    @GET
    @Path("/leads")
    @Operation(summary = "Leads, newest first (paged); a dealer sees only its own")
    public Uni<LeadsView> list(@QueryParam("dealerId") @Parameter(description = "platform team: filter by dealer; "
            + "dealers: their own (another dealer is refused)") String dealerId,
            @QueryParam("state") @Parameter(description = "open, contacted, overdue; empty = all") String state,
            @QueryParam("pageSize") @Parameter(description = "1-200, default 50") Integer pageSize,
            @QueryParam("pageToken") String pageToken) {
        access.requireScope("persons:read");
        access.requireOwnDealer(dealerId);
        Checks.of().pageSize(pageSize, 200).pageToken(pageToken)
                .require(state == null || state.isBlank()
                        || Json.wireEnum(LeadState.class, "LEAD_STATE_", state) != LeadState.LEAD_STATE_UNSPECIFIED,
                        "state", "must be one of open, contacted, overdue")
                .orRefuse();
        String dealer = access.boundDealer().orElse(Checks.text(dealerId));
        return backends.identity().listLeads(ListLeadsRequest.newBuilder().setDealerId(dealer)
                .setState(Json.wireEnum(LeadState.class, "LEAD_STATE_", state))
                .setPageSize(Checks.pageSize(pageSize)).setPageToken(Checks.text(pageToken)).build())
                .map(r -> new LeadsView(r.getLeadsList().stream().map(LeadView::from).toList(), r.getNextPageToken()));
    }

    @GET
    @Path("/leads/{leadId}")
    @Operation(summary = "One lead")
    public Uni<LeadView> get(@PathParam("leadId") String leadId) {
        access.requireScope("persons:read");
        Checks.of().id(leadId, "leadId").orRefuse();
        return backends.identity().getLead(GetLeadRequest.newBuilder().setName("leads/" + leadId).build())
                .invoke(lead -> access.boundDealer().filter(d -> !d.equals(lead.getDealerId())).ifPresent(d -> {
                    throw PartnerAccess.wrongDealer();
                }))
                .map(LeadView::from);
    }
}
