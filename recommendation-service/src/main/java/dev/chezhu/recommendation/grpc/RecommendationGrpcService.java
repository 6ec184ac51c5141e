package dev.chezhu.recommendation.grpc;

import jakarta.annotation.security.RolesAllowed;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.recommendation.domain.ListeningEvents;
import dev.chezhu.recommendation.domain.Recommendations;
import dev.chezhu.recommendation.v1.ListeningEvent;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.RecommendResponse;
import dev.chezhu.recommendation.v1.RecommendationService;
import dev.chezhu.recommendation.v1.RecordListeningEventRequest;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Head units (for their own vehicle), partners, services and the platform team; never dealers. */
@GrpcService
public class RecommendationGrpcService implements RecommendationService {

    private final ListeningEvents events;
    private final Recommendations recommendations;
    private final SecurityIdentity identity;

    public RecommendationGrpcService(ListeningEvents events, Recommendations recommendations,
            SecurityIdentity identity) {
        this.events = events;
        this.recommendations = recommendations;
        this.identity = identity;
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<ListeningEvent> recordListeningEvent(RecordListeningEventRequest request) {
        return events.record(RecommendationMapper.toCommand(request), Caller.of(identity))
                .map(RecommendationMapper::toWire);
    }

    @Override
    @RolesAllowed({ Roles.HEAD_UNIT, Roles.PARTNER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<RecommendResponse> recommend(RecommendRequest request) {
        return recommendations.recommend(RecommendationMapper.toCommand(request), Caller.of(identity))
                .map(RecommendationMapper::toWire);
    }
}
