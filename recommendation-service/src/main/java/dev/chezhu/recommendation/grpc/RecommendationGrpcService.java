package dev.chezhu.recommendation.grpc;

import jakarta.annotation.security.RolesAllowed;


import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.recommendation.domain.Catalogue;
import dev.chezhu.recommendation.domain.ListeningEvents;
import dev.chezhu.recommendation.domain.ListeningHistories;
import dev.chezhu.recommendation.domain.ModelTraining;
import dev.chezhu.recommendation.domain.Recommendations;
import dev.chezhu.recommendation.v1.AudioItem;
import dev.chezhu.recommendation.v1.CreateAudioItemRequest;
import dev.chezhu.recommendation.v1.CreateAudioItemResponse;
import dev.chezhu.recommendation.v1.EraseListeningHistoryRequest;
import dev.chezhu.recommendation.v1.EraseListeningHistoryResponse;
import dev.chezhu.recommendation.v1.ExportListeningHistoryRequest;
import dev.chezhu.recommendation.v1.ExportListeningHistoryResponse;
import dev.chezhu.recommendation.v1.GetAudioItemRequest;
import dev.chezhu.recommendation.v1.ListAudioItemsRequest;
import dev.chezhu.recommendation.v1.ListAudioItemsResponse;
import dev.chezhu.recommendation.v1.ListListeningEventsRequest;
import dev.chezhu.recommendation.v1.ListListeningEventsResponse;
import dev.chezhu.recommendation.v1.ListeningEvent;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.RecommendResponse;
import dev.chezhu.recommendation.v1.RecommendationService;
import dev.chezhu.recommendation.v1.RecordListeningEventRequest;
import dev.chezhu.recommendation.v1.RetireAudioItemRequest;
import dev.chezhu.recommendation.v1.RetireAudioItemResponse;
import dev.chezhu.recommendation.v1.TrainModelRequest;
import dev.chezhu.recommendation.v1.TrainModelResponse;
import dev.chezhu.recommendation.v1.UpdateAudioItemRequest;
import dev.chezhu.recommendation.v1.UpdateAudioItemResponse;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Roles per RPC (dealers never): listening and recommendations for head units (their own vehicle),
 * partners, services and the platform team; catalogue changes for content partners (scope
 * catalog:write, their own items) and the platform team; histories and training for services and the
 * platform team.
 */
@GrpcService
public class RecommendationGrpcService implements RecommendationService {

    private final ListeningEvents events;
    private final Recommendations recommendations;
    private final Catalogue catalogue;
    private final ListeningHistories histories;
    private final ModelTraining training;
    private final SecurityIdentity identity;

    public RecommendationGrpcService(ListeningEvents events, Recommendations recommendations, Catalogue catalogue,
            ListeningHistories histories, ModelTraining training, SecurityIdentity identity) {
        this.events = events;
        this.recommendations = recommendations;
        this.catalogue = catalogue;
        this.histories = histories;
        this.training = training;
        this.identity = identity;
    }

    private Caller caller() {
        return Caller.of(identity);
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<ListeningEvent> recordListeningEvent(RecordListeningEventRequest request) {
        return events.record(RecommendationMapper.toCommand(request), caller()).map(RecommendationMapper::toWire);
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<RecommendResponse> recommend(RecommendRequest request) {
        return recommendations.recommend(RecommendationMapper.toCommand(request), caller())
                .map(RecommendationMapper::toWire);
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.PLATFORM_ADMIN })
    public Uni<CreateAudioItemResponse> createAudioItem(CreateAudioItemRequest request) {
        return catalogue.create(CatalogueMapper.toCommand(request), caller()).map(created -> CreateAudioItemResponse
                .newBuilder().setAudioItem(CatalogueMapper.toWire(created.item())).setReplayed(created.replayed())
                .build());
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.PLATFORM_ADMIN })
    public Uni<UpdateAudioItemResponse> updateAudioItem(UpdateAudioItemRequest request) {
        return catalogue.update(CatalogueMapper.toCommand(request), caller()).map(item -> UpdateAudioItemResponse
                .newBuilder().setAudioItem(CatalogueMapper.toWire(item)).build());
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.PLATFORM_ADMIN })
    public Uni<RetireAudioItemResponse> retireAudioItem(RetireAudioItemRequest request) {
        return catalogue.retire(request.getName(), caller()).map(item -> RetireAudioItemResponse.newBuilder()
                .setAudioItem(CatalogueMapper.toWire(item)).build());
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<AudioItem> getAudioItem(GetAudioItemRequest request) {
        return catalogue.get(request.getName()).map(CatalogueMapper::toWire);
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<ListAudioItemsResponse> listAudioItems(ListAudioItemsRequest request) {
        return catalogue.list(CatalogueMapper.toCommand(request)).map(page -> ListAudioItemsResponse.newBuilder()
                .addAllAudioItems(page.items().stream().map(CatalogueMapper::toWire).toList())
                .setNextPageToken(page.nextPageToken()).build());
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<ListListeningEventsResponse> listListeningEvents(ListListeningEventsRequest request) {
        return histories.list(request.getParent(), request.getPageSize(), request.getPageToken(), caller())
                .map(page -> ListListeningEventsResponse.newBuilder()
                        .addAllListeningEvents(page.events().stream().map(RecommendationMapper::toWire).toList())
                        .setNextPageToken(page.nextPageToken()).build());
    }

    @Override
    @RolesAllowed({ Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<ExportListeningHistoryResponse> exportListeningHistory(ExportListeningHistoryRequest request) {
        return histories.export(request.getPerson()).map(export -> ExportListeningHistoryResponse.newBuilder()
                .addAllListeningEvents(export.events().stream().map(RecommendationMapper::toWire).toList())
                .putAllItemPreferences(export.preferences())
                .setExportTime(RecommendationMapper.timestamp(export.exportedAt())).build());
    }

    @Override
    @RolesAllowed({ Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<EraseListeningHistoryResponse> eraseListeningHistory(EraseListeningHistoryRequest request) {
        return histories.erase(request.getRequestId(), request.getPerson(), caller())
                .map(erased -> EraseListeningHistoryResponse.newBuilder().setErasedEvents(erased.events())
                        .setEraseTime(RecommendationMapper.timestamp(erased.erasedAt())).build());
    }

    @Override
    @RolesAllowed({ Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<TrainModelResponse> trainModel(TrainModelRequest request) {
        return training.train().map(run -> TrainModelResponse.newBuilder().setModelVersion(run.version())
                .setTrainTime(RecommendationMapper.timestamp(run.trainedAt())).setEvents(run.events())
                .setListeners(run.listeners()).setItems(run.items())
                .setDuration(RecommendationMapper.duration(run.took())).build());
    }
}
