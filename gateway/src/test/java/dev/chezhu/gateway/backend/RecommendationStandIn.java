package dev.chezhu.gateway.backend;

import dev.chezhu.recommendation.v1.AudioItem;
import dev.chezhu.recommendation.v1.AudioKind;
import dev.chezhu.recommendation.v1.CreateAudioItemRequest;
import dev.chezhu.recommendation.v1.CreateAudioItemResponse;
import dev.chezhu.recommendation.v1.EraseListeningHistoryRequest;
import dev.chezhu.recommendation.v1.EraseListeningHistoryResponse;
import dev.chezhu.recommendation.v1.ExportListeningHistoryRequest;
import dev.chezhu.recommendation.v1.ExportListeningHistoryResponse;
import dev.chezhu.recommendation.v1.GetAudioItemRequest;
import dev.chezhu.recommendation.v1.MutinyRecommendationServiceGrpc;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.RecommendResponse;
import dev.chezhu.recommendation.v1.Recommendation;
import dev.chezhu.recommendation.v1.UpdateAudioItemRequest;
import dev.chezhu.recommendation.v1.UpdateAudioItemResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** recommendation-service for the gateway tests. */
@GrpcService
public class RecommendationStandIn extends MutinyRecommendationServiceGrpc.RecommendationServiceImplBase {

    private final BackendCalls calls;
    public RecommendationStandIn(BackendCalls calls) {
        this.calls = calls;
    }

    private static AudioItem item(String id) {
        return AudioItem.newBuilder().setName("items/" + id).setItemId(id).setTitle("Morning drive")
                .setKind(AudioKind.AUDIO_KIND_TALK).addTags("commute").setEtag("v1").build();
    }

    @Override
    public Uni<RecommendResponse> recommend(RecommendRequest request) {
        calls.record("Recommend");
        return Uni.createFrom().item(RecommendResponse.newBuilder().setModelVersion("test")
                .addRecommendations(Recommendation.newBuilder().setItem(item("morning-drive")).setScore(0.9)
                        .setReasonCode("POPULAR_WITH_OWNERS"))
                .build());
    }

    @Override
    public Uni<CreateAudioItemResponse> createAudioItem(CreateAudioItemRequest request) {
        calls.record("CreateAudioItem");
        return Uni.createFrom().item(CreateAudioItemResponse.newBuilder().setAudioItem(
                request.getAudioItem().toBuilder().setName("items/" + request.getAudioItemId())
                        .setItemId(request.getAudioItemId()).setEtag("v1")).build());
    }

    @Override
    public Uni<UpdateAudioItemResponse> updateAudioItem(UpdateAudioItemRequest request) {
        calls.record("UpdateAudioItem");
        calls.request("UpdateAudioItem", request);
        return Uni.createFrom().item(UpdateAudioItemResponse.newBuilder()
                .setAudioItem(item(request.getAudioItem().getName().substring(6))).build());
    }

    @Override
    public Uni<AudioItem> getAudioItem(GetAudioItemRequest request) {
        calls.record("GetAudioItem");
        return Uni.createFrom().item(item(request.getName().substring(6)));
    }

    @Override
    public Uni<ExportListeningHistoryResponse> exportListeningHistory(ExportListeningHistoryRequest request) {
        calls.record("ExportListeningHistory");
        return Uni.createFrom().item(ExportListeningHistoryResponse.newBuilder().putItemPreferences("morning-drive", 0.5)
                .build());
    }

    @Override
    public Uni<EraseListeningHistoryResponse> eraseListeningHistory(EraseListeningHistoryRequest request) {
        calls.record("EraseListeningHistory");
        return Uni.createFrom().item(EraseListeningHistoryResponse.newBuilder().setErasedEvents(3).build());
    }
}
