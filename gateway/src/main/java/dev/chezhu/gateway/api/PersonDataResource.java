package dev.chezhu.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

import dev.chezhu.gateway.api.PersonViews.PersonView;
import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.idempotency.IdempotentRequests;
import dev.chezhu.gateway.security.DataGuards;
import dev.chezhu.gateway.security.PartnerAccess;
import dev.chezhu.identity.v1.ErasePersonRequest;
import dev.chezhu.identity.v1.ExportPersonRequest;
import dev.chezhu.identity.v1.GetLifecycleRequest;
import dev.chezhu.identity.v1.IdentityExport;
import dev.chezhu.identity.v1.Lifecycle;
import dev.chezhu.identity.v1.UnmergePersonRequest;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.recommendation.v1.EraseListeningHistoryRequest;
import dev.chezhu.recommendation.v1.ExportListeningHistoryRequest;
import dev.chezhu.recommendation.v1.ListListeningEventsRequest;
import dev.chezhu.recommendation.v1.ListeningEvent;
import io.smallrye.mutiny.Uni;

/** A person's lifecycle and listening, and the platform team's data-subject requests: export, erase, unmerge. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "person data", description = "Lifecycle, listening history and data-subject requests (export, erase: platform team only)")
public class PersonDataResource {

    private static final JsonFormat.Printer EXPORT_JSON = JsonFormat.printer()
            .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder().add(IdentityExport.getDescriptor()).build())
            .omittingInsignificantWhitespace();

    private final Backends backends;
    private final PartnerAccess access;
    private final DataGuards guards;
    private final IdempotentRequests idempotency;
    private final ObjectMapper json;

    public PersonDataResource(Backends backends, PartnerAccess access, DataGuards guards, IdempotentRequests idempotency,
            ObjectMapper json) {
        this.backends = backends;
        this.access = access;
        this.guards = guards;
        this.idempotency = idempotency;
        this.json = json;
    }

    public record ReasonView(@Schema(example = "OWNS_VEHICLE") String code, String description) {
    }

    public record LifecycleView(String name, @Schema(example = "owner", description = "lead, owner, loyal, churned") String stage,
            boolean advocate, List<ReasonView> reasons, Instant lastVisitTime, Instant computeTime) {

        static LifecycleView from(Lifecycle l) {
            return new LifecycleView(l.getName(), Json.enumName(l.getStage(), "LIFECYCLE_STAGE_"), l.getAdvocate(),
                    l.getReasonsList().stream().map(r -> new ReasonView(r.getCode(), r.getDescription())).toList(),
                    Json.instant(l.getLastVisitTime()), Json.instant(l.getComputeTime()));
        }
    }

    public record ListeningEventView(String name, String person, String vehicle, String item,
            @Schema(example = "completed") String type, long listenedSeconds, String place, String dayPart,
            String drivingState, Instant eventTime) {

        static ListeningEventView from(ListeningEvent e) {
            return new ListeningEventView(e.getName(), e.getPerson(), e.getVehicle(), e.getItem(),
                    Json.enumName(e.getType(), "LISTENING_EVENT_TYPE_"), e.getListened().getSeconds(),
                    Json.enumName(e.getContext().getPlace(), "PLACE_"), Json.enumName(e.getContext().getDayPart(), "DAY_PART_"),
                    Json.enumName(e.getContext().getDrivingState(), "DRIVING_STATE_"), Json.instant(e.getEventTime()));
        }
    }

    public record ListeningEventsView(List<ListeningEventView> listeningEvents, String nextPageToken) {
    }

    @Schema(description = "A data-subject export: one section per service, each as that service holds the data")
    public record ExportView(String person, Instant exportTime,
            @Schema(description = "service name → that service's export document") Map<String, Object> sections) {
    }

    public record ErasureView(String person, List<String> erasedPersonIds, Instant eraseTime,
            Map<String, Long> removedCounts, long erasedListeningEvents, boolean replayed) {
    }

    public record UnmergeView(PersonView person, PersonView formerSurvivor, List<String> restoredPersonIds,
            boolean replayed) {
    }

    @GET
    @Path("/persons/{personId}/lifecycle")
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.PLATFORM_ADMIN })
    @Operation(summary = "A person's lifecycle stage (lead, owner, loyal, churned), advocate flag and why")
    public Uni<LifecycleView> lifecycle(@PathParam("personId") String personId) {
        access.requireScope("persons:read");
        Checks.of().id(personId, "personId").orRefuse();
        return guards.personVisible(personId).chain(() -> backends.identity().getLifecycle(GetLifecycleRequest.newBuilder()
                .setName("persons/" + personId + "/lifecycle").build())).map(LifecycleView::from);
    }

    @GET
    @Path("/persons/{personId}/listening-events")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Operation(summary = "A person's listening history, newest first (paged; platform team)")
    public Uni<ListeningEventsView> listening(@PathParam("personId") String personId,
            @QueryParam("pageSize") @Parameter(description = "1-500, default 50") Integer pageSize,
            @QueryParam("pageToken") String pageToken) {
        Checks.of().id(personId, "personId").pageSize(pageSize, 500).pageToken(pageToken).orRefuse();
        return backends.recommendation().listListeningEvents(ListListeningEventsRequest.newBuilder()
                .setParent("persons/" + personId).setPageSize(Checks.pageSize(pageSize))
                .setPageToken(Checks.text(pageToken)).build())
                .map(r -> new ListeningEventsView(r.getListeningEventsList().stream().map(ListeningEventView::from).toList(),
                        r.getNextPageToken()));
    }

    @GET
    @Path("/persons/{personId}/export")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Operation(summary = "Everything the platform holds about a person (data-subject export; platform team)")
    public Uni<ExportView> export(@PathParam("personId") String personId) {
        Checks.of().id(personId, "personId").orRefuse();
        return backends.identity().exportPerson(ExportPersonRequest.newBuilder().setName("persons/" + personId).build())
                .flatMap(identity -> backends.recommendation().exportListeningHistory(
                        ExportListeningHistoryRequest.newBuilder().setPerson(identity.getPerson()).build())
                        .map(listening -> {
                            ObjectNode sections = json.createObjectNode();
                            identity.getSectionsList().forEach(section -> sections.set(section.getService(),
                                    tree(section.getData())));
                            sections.set("recommendation-service", tree(listening));
                            return new ExportView(identity.getPerson(), Json.instant(identity.getExportTime()),
                                    json.convertValue(sections, Map.class));
                        }));
    }

    private JsonNode tree(MessageOrBuilder message) {
        try {
            return json.readTree(EXPORT_JSON.print(message));
        } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("export section not printable", e);
        }
    }

    @POST
    @Path("/persons/{personId}/erasure")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Operation(summary = "Erase a person's personal data for good (platform team)",
            description = "Identity keeps a tombstone; the listening history is deleted. Needs an Idempotency-Key.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ErasureView.class)))
    public Uni<Response> erase(@PathParam("personId") String personId,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        IdempotentRequests.requireKey(idempotencyKey);
        Checks.of().id(personId, "personId").orRefuse();
        String requestId = IdempotentRequests.requestId(access.caller(), idempotencyKey);
        return idempotency.execute(access.caller(), "erase:" + personId, idempotencyKey, personId,
                () -> backends.identity().erasePerson(ErasePersonRequest.newBuilder().setName("persons/" + personId)
                        .setRequestId(requestId).build())
                        .flatMap(erased -> backends.recommendation().eraseListeningHistory(EraseListeningHistoryRequest
                                .newBuilder().setPerson(erased.getPerson()).setRequestId(requestId).build())
                                .map(listening -> new ErasureView(erased.getPerson(), erased.getErasedPersonIdsList(),
                                        Json.instant(erased.getEraseTime()), erased.getRemovedCountsMap(),
                                        listening.getErasedEvents(), erased.getReplayed()))));
    }

    @POST
    @Path("/persons/{personId}/unmerge")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Operation(summary = "Split a wrongly merged person back out of its survivor (platform team)",
            description = "The two are never merged again automatically. Needs an Idempotency-Key.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = UnmergeView.class)))
    public Uni<Response> unmerge(@PathParam("personId") String personId,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        IdempotentRequests.requireKey(idempotencyKey);
        Checks.of().id(personId, "personId").orRefuse();
        return idempotency.execute(access.caller(), "unmerge:" + personId, idempotencyKey, personId,
                () -> backends.identity().unmergePerson(UnmergePersonRequest.newBuilder().setName("persons/" + personId)
                        .setRequestId(IdempotentRequests.requestId(access.caller(), idempotencyKey)).build())
                        .map(r -> new UnmergeView(PersonView.from(r.getPerson()), PersonView.from(r.getFormerSurvivor()),
                                r.getRestoredPersonIdsList(), r.getReplayed())));
    }
}
