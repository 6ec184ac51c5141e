package dev.chezhu.recommendation.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import com.google.protobuf.Duration;
import com.google.protobuf.FieldMask;
import com.google.rpc.BadRequest;

import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.recommendation.v1.AudioItem;
import dev.chezhu.recommendation.v1.AudioKind;
import dev.chezhu.recommendation.v1.CreateAudioItemRequest;
import dev.chezhu.recommendation.v1.CreateAudioItemResponse;
import dev.chezhu.recommendation.v1.GetAudioItemRequest;
import dev.chezhu.recommendation.v1.ListAudioItemsRequest;
import dev.chezhu.recommendation.v1.ListAudioItemsResponse;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc.RecommendationServiceBlockingStub;
import dev.chezhu.recommendation.v1.RetireAudioItemRequest;
import dev.chezhu.recommendation.v1.UpdateAudioItemRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Content partners and the platform team manage the catalogue; everyone else reads it at most. */
@QuarkusTest
class CatalogueManagementTest {

    @GrpcClient("recommendation")
    RecommendationServiceBlockingStub recommendation;

    @Inject
    Fixtures fixtures;

    private RecommendationServiceBlockingStub partner() {
        return recommendation.withCallCredentials(TestCallers.partner());
    }

    static String newId() {
        return "podcast-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static AudioItem.Builder item() {
        return AudioItem.newBuilder().setTitle("Highway Stories").setKind(AudioKind.AUDIO_KIND_PROGRAMME)
                .addTags("road_trip").addTags("storytelling").setLanguage("zh-CN")
                .setDuration(Duration.newBuilder().setSeconds(1800)).setProvider("yunting-audio");
    }

    static CreateAudioItemRequest create(String id, AudioItem.Builder item) {
        return CreateAudioItemRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setAudioItemId(id)
                .setAudioItem(item).build();
    }

    private static StatusRuntimeException refused(Executable call) {
        return assertThrows(StatusRuntimeException.class, call);
    }

    private static String reason(StatusRuntimeException e) {
        return ErrorDetails.errorInfo(e).orElseThrow().getReason();
    }

    @Test
    void aPartnerCreatesGetsAndListsAnItemAndAResendCountsOnce() {
        String id = newId();
        CreateAudioItemRequest request = create(id, item());
        CreateAudioItemResponse created = partner().createAudioItem(request);
        AudioItem stored = created.getAudioItem();
        assertFalse(created.getReplayed());
        assertEquals("items/" + id, stored.getName());
        assertEquals(List.of("road_trip", "storytelling"), stored.getTagsList());
        assertEquals(1800, stored.getDuration().getSeconds());
        assertFalse(stored.getRetired());
        assertTrue(stored.hasCreateTime());
        assertFalse(stored.getEtag().isEmpty());

        CreateAudioItemResponse again = partner().createAudioItem(request);
        assertTrue(again.getReplayed());
        assertEquals(stored, again.getAudioItem());
        assertEquals(1, fixtures.count("select count(*) from audio_item where id = ?", id));

        assertEquals(stored, recommendation.withCallCredentials(TestCallers.headUnit())
                .getAudioItem(GetAudioItemRequest.newBuilder().setName("items/" + id).build()));
        StatusRuntimeException reused = refused(() -> partner().createAudioItem(request.toBuilder()
                .setAudioItem(item().setTitle("Another title")).build()));
        assertEquals(Status.Code.ALREADY_EXISTS, reused.getStatus().getCode());
        assertEquals("REQUEST_ID_REUSED", reason(reused));
        StatusRuntimeException exists = refused(() -> partner().createAudioItem(create(id, item())));
        assertEquals("ITEM_EXISTS", reason(exists));
    }

    @Test
    void listingPagesThroughTheWholeCatalogueInIdOrder() {
        RecommendationServiceBlockingStub reader = recommendation.withCallCredentials(TestCallers.service("gateway"));
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            ListAudioItemsResponse page = reader.listAudioItems(ListAudioItemsRequest.newBuilder().setPageSize(7)
                    .setPageToken(token).build());
            assertTrue(page.getAudioItemsCount() <= 7);
            page.getAudioItemsList().forEach(i -> seen.add(i.getItemId()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        List<String> sorted = new ArrayList<>(seen);
        sorted.sort(null);
        assertEquals(sorted, seen);
        assertEquals(new HashSet<>(fixtures.strings("select id from audio_item where not retired")), Set.copyOf(seen));

        StatusRuntimeException badToken = refused(() -> reader.listAudioItems(ListAudioItemsRequest.newBuilder()
                .setPageToken("%%%").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, badToken.getStatus().getCode());
        assertEquals(1, reader.listAudioItems(ListAudioItemsRequest.newBuilder().setPageSize(1)
                .setProvider("lingo-lab").build()).getAudioItemsCount());
    }

    @Test
    void updatesChangeOnlyTheMaskedFieldsAndAStaleEtagIsAborted() {
        String id = newId();
        AudioItem created = partner().createAudioItem(create(id, item())).getAudioItem();
        AudioItem updated = partner().updateAudioItem(UpdateAudioItemRequest.newBuilder()
                .setAudioItem(AudioItem.newBuilder().setName("items/" + id).setTitle("Highway Stories, Season 2")
                        .addTags("travel").setProvider("ignored").setEtag(created.getEtag()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("title").addPaths("tags")).build()).getAudioItem();
        assertEquals("Highway Stories, Season 2", updated.getTitle());
        assertEquals(List.of("travel"), updated.getTagsList());
        assertEquals("yunting-audio", updated.getProvider(), "not in the mask: unchanged");
        assertNotEquals(created.getEtag(), updated.getEtag());

        StatusRuntimeException stale = refused(() -> partner().updateAudioItem(UpdateAudioItemRequest.newBuilder()
                .setAudioItem(AudioItem.newBuilder().setName("items/" + id).setTitle("x").setEtag(created.getEtag()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build()));
        assertEquals(Status.Code.ABORTED, stale.getStatus().getCode());
        assertEquals("ETAG_MISMATCH", reason(stale));

        StatusRuntimeException badMask = refused(() -> partner().updateAudioItem(UpdateAudioItemRequest.newBuilder()
                .setAudioItem(AudioItem.newBuilder().setName("items/" + id))
                .setUpdateMask(FieldMask.newBuilder().addPaths("retired")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, badMask.getStatus().getCode());
    }

    @Test
    void aRetiredItemIsNeverRecommendedAgainAndTakesNoEvents() {
        String id = newId();
        partner().createAudioItem(create(id, item().setEditorialRank(1)));
        RecommendRequest ask = RecommendRequest.newBuilder().setPerson(Fixtures.randomPerson()).setCount(100).build();
        assertTrue(ids(partner().recommend(ask)).contains(id));

        AudioItem retired = partner().retireAudioItem(RetireAudioItemRequest.newBuilder().setName("items/" + id).build())
                .getAudioItem();
        assertTrue(retired.getRetired());
        assertEquals(retired, partner().retireAudioItem(RetireAudioItemRequest.newBuilder().setName("items/" + id)
                .build()).getAudioItem(), "retiring twice changes nothing");

        assertFalse(ids(partner().recommend(ask)).contains(id));
        StatusRuntimeException refused = refused(() -> partner().recordListeningEvent(Fixtures.record(
                Fixtures.event(id, ListeningEventType.LISTENING_EVENT_TYPE_STARTED).setPerson(Fixtures.randomPerson()))));
        assertEquals("ITEM_RETIRED", reason(refused));
        assertTrue(partner().getAudioItem(GetAudioItemRequest.newBuilder().setName("items/" + id).build()).getRetired());
        assertFalse(partner().listAudioItems(ListAudioItemsRequest.newBuilder().setPageSize(500).build())
                .getAudioItemsList().stream().anyMatch(i -> i.getItemId().equals(id)));
        assertTrue(partner().listAudioItems(ListAudioItemsRequest.newBuilder().setPageSize(500).setShowRetired(true)
                .build()).getAudioItemsList().stream().anyMatch(i -> i.getItemId().equals(id)));
    }

    private static List<String> ids(dev.chezhu.recommendation.v1.RecommendResponse response) {
        return response.getRecommendationsList().stream().map(r -> r.getItem().getItemId()).toList();
    }

    @Test
    void whoMayChangeTheCatalogue() {
        String id = newId();
        StatusRuntimeException readOnly = refused(() -> recommendation.withCallCredentials(TestCallers.bearer(
                TestCallers.KEYCLOAK.clientToken("partner-readonly", "partner-readonly-secret"))).createAudioItem(
                        create(id, item())));
        assertEquals(Status.Code.PERMISSION_DENIED, readOnly.getStatus().getCode());
        assertEquals("SCOPE_REQUIRED", reason(readOnly));

        for (var caller : List.of(TestCallers.headUnit(), TestCallers.dealerD001(), TestCallers.service("gateway"))) {
            StatusRuntimeException denied = refused(() -> recommendation.withCallCredentials(caller)
                    .createAudioItem(create(id, item())));
            assertEquals(Status.Code.PERMISSION_DENIED, denied.getStatus().getCode());
        }
        StatusRuntimeException notOwner = refused(() -> partner().retireAudioItem(RetireAudioItemRequest.newBuilder()
                .setName("items/night-drive-radio").build()));
        assertEquals("NOT_ITEM_OWNER", reason(notOwner), "the launch catalogue belongs to the platform team");

        AudioItem byAdmin = recommendation.withCallCredentials(TestCallers.platformAdmin()).createAudioItem(
                create(id, item())).getAudioItem();
        assertEquals("items/" + id, byAdmin.getName());
        assertEquals(0, fixtures.count("select count(*) from audio_item where id = ? and retired", id));
        assertEquals(Status.Code.NOT_FOUND, refused(() -> partner().getAudioItem(GetAudioItemRequest.newBuilder()
                .setName("items/no-such-item").build())).getStatus().getCode());
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        StatusRuntimeException invalid = refused(() -> partner().createAudioItem(CreateAudioItemRequest.newBuilder()
                .setAudioItemId("Bad ID").setAudioItem(AudioItem.newBuilder().addTags("Not A Tag")
                        .setDuration(Duration.newBuilder().setSeconds(-1)).setLanguage("??"))
                .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, invalid.getStatus().getCode());
        assertEquals("INVALID_AUDIO_ITEM", reason(invalid));
        assertEquals(List.of("request_id", "audio_item_id", "audio_item.title", "audio_item.kind", "audio_item.tags",
                "audio_item.language", "audio_item.duration", "audio_item.provider"),
                ErrorDetails.badRequest(invalid).orElseThrow().getFieldViolationsList().stream()
                        .map(BadRequest.FieldViolation::getField).toList());
    }
}
