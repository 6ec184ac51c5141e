package dev.chezhu.gateway.api;

import java.time.Instant;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.idempotency.IdempotentRequests;
import dev.chezhu.gateway.security.DataGuards;
import dev.chezhu.gateway.security.PartnerAccess;
import dev.chezhu.identity.v1.CheckConsentRequest;
import dev.chezhu.identity.v1.CheckConsentResponse;
import dev.chezhu.identity.v1.ConsentChannel;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.ConsentRecord;
import dev.chezhu.identity.v1.ConsentState;
import dev.chezhu.identity.v1.ConsentStatus;
import dev.chezhu.identity.v1.ListConsentsRequest;
import dev.chezhu.identity.v1.RecordConsentRequest;
import dev.chezhu.platform.auth.Roles;
import io.smallrye.mutiny.Uni;

// one class-level path with PersonsResource: JAX-RS matches classes first, so a longer class path
// would swallow /v1/persons/{id} and answer 404 for it
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "consents", description = "Purpose-bound consent: what the brand may collect and use")
@RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.PLATFORM_ADMIN })
public class ConsentsResource {

    private final Backends backends;
    private final PartnerAccess access;
    private final DataGuards guards;
    private final IdempotentRequests idempotency;

    public ConsentsResource(Backends backends, PartnerAccess access, DataGuards guards, IdempotentRequests idempotency) {
        this.backends = backends;
        this.access = access;
        this.guards = guards;
        this.idempotency = idempotency;
    }

    @Schema(description = "A consent decision as the person gave it at a touchpoint")
    public record ConsentInput(
            @Schema(example = "telemetry_collection", description = "marketing, telemetry_collection, personalisation, third_party_sharing") String purpose,
            @Schema(example = "unspecified", description = "sms, email, phone_call, wechat, app_push, in_car; empty = every channel") String channel,
            @Schema(example = "granted", description = "granted, denied, revoked") String state,
            @Schema(example = "app") String source, Instant expireTime) {
    }

    public record ConsentRecordView(String purpose, String channel, String state, String source, Instant recordTime,
            Instant expireTime, String recordedBy) {

        static ConsentRecordView from(ConsentRecord r) {
            return new ConsentRecordView(Json.enumName(r.getPurpose(), "CONSENT_PURPOSE_"),
                    Json.enumName(r.getChannel(), "CONSENT_CHANNEL_"), Json.enumName(r.getState(), "CONSENT_STATE_"),
                    r.getSource(), Json.instant(r.getRecordTime()), Json.instant(r.getExpireTime()), r.getRecordedBy());
        }
    }

    public record ConsentStatusView(String purpose, String channel, boolean granted, String state, String reason,
            String source, Instant recordTime, Instant expireTime) {

        static ConsentStatusView from(ConsentStatus s) {
            return new ConsentStatusView(Json.enumName(s.getPurpose(), "CONSENT_PURPOSE_"),
                    Json.enumName(s.getChannel(), "CONSENT_CHANNEL_"), s.getGranted(),
                    Json.enumName(s.getState(), "CONSENT_STATE_"), Json.enumName(s.getReason(), "CONSENT_DECISION_REASON_"),
                    s.getSource(), Json.instant(s.getRecordTime()), Json.instant(s.getExpireTime()));
        }
    }

    public record ConsentsView(List<ConsentStatusView> current, List<ConsentRecordView> history, String nextPageToken) {
    }

    public record RecordedView(ConsentRecordView record) {
    }

    public record CheckView(boolean granted, String state, String reason, Instant expireTime) {

        static CheckView from(CheckConsentResponse r) {
            return new CheckView(r.getGranted(), Json.enumName(r.getState(), "CONSENT_STATE_"),
                    Json.enumName(r.getReason(), "CONSENT_DECISION_REASON_"), Json.instant(r.getExpireTime()));
        }
    }

    @POST
    @Path("/persons/{personId}/consents")
    @Operation(summary = "Record a consent decision (append-only history)",
            description = "Needs an Idempotency-Key. No record means not granted.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RecordedView.class)))
    public Uni<Response> record(@PathParam("personId") String personId,
            @HeaderParam("Idempotency-Key") String idempotencyKey, ConsentInput input) {
        access.requireScope("consents:write");
        IdempotentRequests.requireKey(idempotencyKey);
        ConsentInput body = input == null ? new ConsentInput(null, null, null, null, null) : input;
        RecordConsentRequest.Builder request = RecordConsentRequest.newBuilder()
                .setRequestId(IdempotentRequests.requestId(access.caller(), idempotencyKey))
                .setPerson("persons/" + personId)
                .setPurpose(Json.wireEnum(ConsentPurpose.class, "CONSENT_PURPOSE_", body.purpose()))
                .setChannel(Json.wireEnum(ConsentChannel.class, "CONSENT_CHANNEL_", body.channel()))
                .setState(Json.wireEnum(ConsentState.class, "CONSENT_STATE_", body.state()))
                .setSource(body.source() == null ? "" : body.source());
        if (body.expireTime() != null) {
            request.setExpireTime(Json.timestamp(body.expireTime()));
        }
        return idempotency.execute(access.caller(), "consent:" + personId, idempotencyKey, body,
                () -> guards.personVisible(personId).chain(() -> backends.identity().recordConsent(request.build()))
                        .map(r -> new RecordedView(ConsentRecordView.from(r.getRecord()))));
    }

    @GET
    @Path("/persons/{personId}/consents")
    @Operation(summary = "Current consent per purpose and channel, with the history")
    public Uni<ConsentsView> list(@PathParam("personId") String personId, @QueryParam("pageSize") Integer pageSize,
            @QueryParam("pageToken") String pageToken) {
        access.requireScope("persons:read");
        Checks.of().id(personId, "personId").pageSize(pageSize, 200).pageToken(pageToken).orRefuse();
        return guards.personVisible(personId).chain(() -> backends.identity().listConsents(ListConsentsRequest.newBuilder()
                .setPerson("persons/" + personId)
                .setPageSize(pageSize == null ? 0 : pageSize)
                .setPageToken(pageToken == null ? "" : pageToken)
                .build()))
                .map(r -> new ConsentsView(r.getCurrentList().stream().map(ConsentStatusView::from).toList(),
                        r.getHistoryList().stream().map(ConsentRecordView::from).toList(), r.getNextPageToken()));
    }

    @GET
    @Path("/persons/{personId}/consent-checks")
    @Operation(summary = "May this purpose (and channel) be used for the person now?")
    public Uni<CheckView> check(@PathParam("personId") String personId, @QueryParam("purpose") String purpose,
            @QueryParam("channel") String channel) {
        access.requireScope("persons:read");
        Checks.of().id(personId, "personId").present(purpose, "purpose").orRefuse();
        return guards.personVisible(personId).chain(() -> backends.identity().checkConsent(CheckConsentRequest.newBuilder()
                .setPerson("persons/" + personId)
                .setPurpose(Json.wireEnum(ConsentPurpose.class, "CONSENT_PURPOSE_", purpose))
                .setChannel(Json.wireEnum(ConsentChannel.class, "CONSENT_CHANNEL_", channel))
                .build())).map(CheckView::from);
    }
}
