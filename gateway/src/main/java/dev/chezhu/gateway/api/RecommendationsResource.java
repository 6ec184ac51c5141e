package dev.chezhu.gateway.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.chezhu.gateway.backend.Backends;
import dev.chezhu.gateway.security.PartnerAccess;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.recommendation.v1.DayPart;
import dev.chezhu.recommendation.v1.DrivingState;
import dev.chezhu.recommendation.v1.ListeningContext;
import dev.chezhu.recommendation.v1.Place;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.Recommendation;
import io.smallrye.mutiny.Uni;

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "recommendations", description = "What to play next, and why")
@RolesAllowed({ Roles.PARTNER, Roles.PLATFORM_ADMIN })
public class RecommendationsResource {

    private final Backends backends;
    private final PartnerAccess access;

    public RecommendationsResource(Backends backends, PartnerAccess access) {
        this.backends = backends;
        this.access = access;
    }

    public record RecommendationView(String item, String title, String kind, List<String> tags, double score,
            String reasonCode, String reason) {

        static RecommendationView from(Recommendation r) {
            return new RecommendationView(r.getItem().getName(), r.getItem().getTitle(),
                    Json.enumName(r.getItem().getKind(), "AUDIO_KIND_"), r.getItem().getTagsList(), r.getScore(),
                    r.getReasonCode(), r.getReason());
        }
    }

    public record RecommendationsView(List<RecommendationView> recommendations, String modelVersion) {
    }

    @GET
    @Path("/recommendations")
    @Operation(summary = "Ranked audio for a person or vehicle in a context")
    public Uni<RecommendationsView> recommend(@QueryParam("person") String person, @QueryParam("vehicle") String vehicle,
            @QueryParam("place") String place, @QueryParam("dayPart") String dayPart,
            @QueryParam("drivingState") String drivingState, @QueryParam("count") @DefaultValue("10") int count) {
        access.requireScope("recommendations:read");
        Checks.of().require(count >= 1 && count <= 100, "count", "must be between 1 and 100")
                .require((person != null && !person.isBlank()) || (vehicle != null && !vehicle.isBlank()), "person",
                        "give a person or a vehicle (or both)")
                .orRefuse();
        RecommendRequest.Builder request = RecommendRequest.newBuilder()
                .setCount(count)
                .setContext(ListeningContext.newBuilder()
                        .setPlace(Json.wireEnum(Place.class, "PLACE_", place))
                        .setDayPart(Json.wireEnum(DayPart.class, "DAY_PART_", dayPart))
                        .setDrivingState(Json.wireEnum(DrivingState.class, "DRIVING_STATE_", drivingState)));
        if (person != null && !person.isBlank()) {
            request.setPerson("persons/" + person);
        }
        if (vehicle != null && !vehicle.isBlank()) {
            request.setVehicle("vehicles/" + vehicle);
        }
        return backends.recommendation().recommend(request.build()).map(r -> new RecommendationsView(
                r.getRecommendationsList().stream().map(RecommendationView::from).toList(), r.getModelVersion()));
    }
}
