package dev.chezhu.gateway.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
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

import com.google.protobuf.FieldMask;

import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.idempotency.IdempotentRequests;
import dev.chezhu.gateway.security.PartnerAccess;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.recommendation.v1.AudioItem;
import dev.chezhu.recommendation.v1.AudioKind;
import dev.chezhu.recommendation.v1.CreateAudioItemRequest;
import dev.chezhu.recommendation.v1.GetAudioItemRequest;
import dev.chezhu.recommendation.v1.ListAudioItemsRequest;
import dev.chezhu.recommendation.v1.RetireAudioItemRequest;
import dev.chezhu.recommendation.v1.UpdateAudioItemRequest;
import io.smallrye.mutiny.Uni;

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "catalogue", description = "The in-car audio catalogue: content partners (scope catalog:write) add, change and retire items")
@RolesAllowed({ Roles.PARTNER, Roles.PLATFORM_ADMIN })
public class CatalogResource {

    private static final String KINDS = "programme, episode, music, news, talk, audiobook, language_course";

    private final Backends backends;
    private final PartnerAccess access;
    private final IdempotentRequests idempotency;

    public CatalogResource(Backends backends, PartnerAccess access, IdempotentRequests idempotency) {
        this.backends = backends;
        this.access = access;
        this.idempotency = idempotency;
    }

    public record AudioItemView(@Schema(example = "items/morning-drive-42") String name, String itemId, String title,
            @Schema(example = "talk") String kind, List<String> tags, @Schema(example = "zh-CN") String language,
            Long durationSeconds, String provider, boolean explicit, boolean retired, int editorialRank,
            Instant createTime, Instant updateTime,
            @Schema(description = "Send back with a change to update only this version") String etag) {

        static AudioItemView from(AudioItem i) {
            return new AudioItemView(i.getName(), i.getItemId(), i.getTitle(), Json.enumName(i.getKind(), "AUDIO_KIND_"),
                    i.getTagsList(), i.getLanguage(), i.hasDuration() ? i.getDuration().getSeconds() : null,
                    i.getProvider(), i.getExplicit(), i.getRetired(), i.getEditorialRank(), Json.instant(i.getCreateTime()),
                    Json.instant(i.getUpdateTime()), i.getEtag());
        }
    }

    @Schema(description = "A new catalogue item")
    public record AudioItemInput(@Schema(example = "morning-drive-42", description = "[a-z0-9][a-z0-9-]{0,63}") String itemId,
            @Schema(example = "Morning drive, episode 42") String title,
            @Schema(example = "talk", description = KINDS) String kind,
            @Schema(example = "[\"commute\", \"finance_news\"]") List<String> tags,
            @Schema(example = "zh-CN") String language, @Schema(example = "1800") Long durationSeconds,
            @Schema(example = "Ximalaya") String provider, boolean explicit,
            @Schema(description = "1 = first for a cold platform; 0 = not placed") int editorialRank) {
    }

    @Schema(description = "The fields to change; fields left out (null) stay as they are")
    public record AudioItemChange(String title, @Schema(description = KINDS) String kind, List<String> tags,
            String language, Long durationSeconds, String provider, Boolean explicit, Integer editorialRank,
            @Schema(description = "The etag read last; the change is refused when the item changed since") String etag) {
    }

    public record CreatedView(AudioItemView audioItem, boolean replayed) {
    }

    public record AudioItemsView(List<AudioItemView> audioItems, String nextPageToken) {
    }

    private static Checks kind(Checks checks, String kind, boolean required) {
        boolean given = kind != null && !kind.isBlank();
        return checks.require(given ? Json.wireEnum(AudioKind.class, "AUDIO_KIND_", kind) != AudioKind.AUDIO_KIND_UNSPECIFIED
                : !required, "kind", "must be one of " + KINDS);
    }

    @POST
    @Path("/audio-items")
    @Operation(summary = "Add an item to the catalogue", description = "Needs an Idempotency-Key: a retry creates once.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CreatedView.class)))
    public Uni<Response> create(@HeaderParam("Idempotency-Key") String idempotencyKey, AudioItemInput input) {
        access.requireScope("catalog:write");
        IdempotentRequests.requireKey(idempotencyKey);
        AudioItemInput body = input == null ? new AudioItemInput(null, null, null, null, null, null, null, false, 0) : input;
        kind(Checks.of().present(body.itemId(), "itemId").present(body.title(), "title"), body.kind(), true)
                .require(body.durationSeconds() == null || body.durationSeconds() > 0, "durationSeconds", "must be positive")
                .require(body.editorialRank() >= 0, "editorialRank", "must not be negative")
                .orRefuse();
        AudioItem.Builder item = AudioItem.newBuilder().setTitle(body.title().trim())
                .setKind(Json.wireEnum(AudioKind.class, "AUDIO_KIND_", body.kind()))
                .setLanguage(Checks.text(body.language())).setProvider(Checks.text(body.provider()))
                .setExplicit(body.explicit()).setEditorialRank(body.editorialRank());
        if (body.tags() != null) {
            item.addAllTags(body.tags());
        }
        if (body.durationSeconds() != null) {
            item.setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(body.durationSeconds()));
        }
        CreateAudioItemRequest request = CreateAudioItemRequest.newBuilder().setAudioItemId(body.itemId().trim())
                .setAudioItem(item).setRequestId(IdempotentRequests.requestId(access.caller(), idempotencyKey)).build();
        return idempotency.execute(access.caller(), "create-audio-item", idempotencyKey, body,
                () -> backends.recommendation().createAudioItem(request)
                        .map(r -> new CreatedView(AudioItemView.from(r.getAudioItem()), r.getReplayed())));
    }

    @PATCH
    @Path("/audio-items/{itemId}")
    @Operation(summary = "Change some fields of an item; send the etag you read to avoid overwriting someone else's change")
    public Uni<AudioItemView> update(@PathParam("itemId") String itemId, AudioItemChange input) {
        access.requireScope("catalog:write");
        AudioItemChange body = input == null ? new AudioItemChange(null, null, null, null, null, null, null, null, null) : input;
        AudioItem.Builder item = AudioItem.newBuilder().setName("items/" + itemId).setEtag(Checks.text(body.etag()));
        List<String> paths = new ArrayList<>();
        if (body.title() != null) {
            item.setTitle(body.title().trim());
            paths.add("title");
        }
        if (body.kind() != null) {
            item.setKind(Json.wireEnum(AudioKind.class, "AUDIO_KIND_", body.kind()));
            paths.add("kind");
        }
        if (body.tags() != null) {
            item.addAllTags(body.tags());
            paths.add("tags");
        }
        if (body.language() != null) {
            item.setLanguage(body.language().trim());
            paths.add("language");
        }
        if (body.durationSeconds() != null) {
            item.setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(body.durationSeconds()));
            paths.add("duration");
        }
        if (body.provider() != null) {
            item.setProvider(body.provider().trim());
            paths.add("provider");
        }
        if (body.explicit() != null) {
            item.setExplicit(body.explicit());
            paths.add("explicit");
        }
        if (body.editorialRank() != null) {
            item.setEditorialRank(body.editorialRank());
            paths.add("editorial_rank");
        }
        kind(Checks.of().id(itemId, "itemId"), body.kind(), false)
                .require(!paths.isEmpty(), "body", "name at least one field to change")
                .require(body.durationSeconds() == null || body.durationSeconds() > 0, "durationSeconds", "must be positive")
                .orRefuse();
        return backends.recommendation().updateAudioItem(UpdateAudioItemRequest.newBuilder().setAudioItem(item)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(paths)).build())
                .map(r -> AudioItemView.from(r.getAudioItem()));
    }

    @POST
    @Path("/audio-items/{itemId}/retirement")
    @Operation(summary = "Retire an item: never recommended again, takes no new events",
            description = "Needs an Idempotency-Key.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AudioItemView.class)))
    public Uni<Response> retire(@PathParam("itemId") String itemId, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        access.requireScope("catalog:write");
        IdempotentRequests.requireKey(idempotencyKey);
        Checks.of().id(itemId, "itemId").orRefuse();
        return idempotency.execute(access.caller(), "retire-audio-item:" + itemId, idempotencyKey, itemId,
                () -> backends.recommendation().retireAudioItem(RetireAudioItemRequest.newBuilder()
                        .setName("items/" + itemId).build()).map(r -> AudioItemView.from(r.getAudioItem())));
    }

    @GET
    @Path("/audio-items/{itemId}")
    @Operation(summary = "One catalogue item, retired or not")
    public Uni<AudioItemView> get(@PathParam("itemId") @Parameter(example = "morning-drive-42") String itemId) {
        access.requireScope("recommendations:read");
        Checks.of().id(itemId, "itemId").orRefuse();
        return backends.recommendation().getAudioItem(GetAudioItemRequest.newBuilder().setName("items/" + itemId).build())
                .map(AudioItemView::from);
    }

    @GET
    @Path("/audio-items")
    @Operation(summary = "The catalogue in item ID order (paged)")
    public Uni<AudioItemsView> list(@QueryParam("pageSize") @Parameter(description = "1-500, default 50") Integer pageSize,
            @QueryParam("pageToken") String pageToken, @QueryParam("showRetired") boolean showRetired,
            @QueryParam("provider") String provider) {
        access.requireScope("recommendations:read");
        Checks.of().pageSize(pageSize, 500).pageToken(pageToken).orRefuse();
        return backends.recommendation().listAudioItems(ListAudioItemsRequest.newBuilder()
                .setPageSize(Checks.pageSize(pageSize)).setPageToken(Checks.text(pageToken))
                .setShowRetired(showRetired).setProvider(Checks.text(provider)).build())
                .map(r -> new AudioItemsView(r.getAudioItemsList().stream().map(AudioItemView::from).toList(),
                        r.getNextPageToken()));
    }
}
