package dev.chezhu.recommendation.grpc;

import static dev.chezhu.recommendation.grpc.Fixtures.event;
import static dev.chezhu.recommendation.grpc.Fixtures.forNewListener;
import static dev.chezhu.recommendation.grpc.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.rpc.BadRequest;

import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.RecommendResponse;
import dev.chezhu.recommendation.v1.Recommendation;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc.RecommendationServiceBlockingStub;
import dev.chezhu.recommendation.v1.TrainModelRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Recommend over real gRPC, against the real PostgreSQL, Redis and Keycloak. Each test starts from a
 * platform without listening signals (this service's Redis keys cleared; the catalogue stays).
 */
@QuarkusTest
class RecommendTest {

    private static final ListeningEventType STARTED = ListeningEventType.LISTENING_EVENT_TYPE_STARTED;
    private static final ListeningEventType SKIPPED = ListeningEventType.LISTENING_EVENT_TYPE_SKIPPED;
    private static final ListeningEventType COMPLETED = ListeningEventType.LISTENING_EVENT_TYPE_COMPLETED;

    @GrpcClient("recommendation")
    RecommendationServiceBlockingStub recommendation;

    @Inject
    Fixtures fixtures;

    private RecommendationServiceBlockingStub partner;

    @BeforeEach
    void coldPlatform() {
        fixtures.clearSignals();
        fixtures.update("delete from listening_event");
        partner = recommendation.withCallCredentials(TestCallers.partner());
    }

    private static List<String> ids(RecommendResponse response) {
        return response.getRecommendationsList().stream().map(r -> r.getItem().getItemId()).toList();
    }

    private void listen(String item, ListeningEventType type) {
        partner.recordListeningEvent(record(event(item, type).setPerson(Fixtures.randomPerson())));
    }

    private void train() {
        recommendation.withCallCredentials(TestCallers.service("loyalty-service"))
                .trainModel(TrainModelRequest.getDefaultInstance());
    }

    @Test
    void aColdPlatformAnswersWithTheEditorsPicksInAStableOrder() {
        RecommendResponse response = partner.recommend(forNewListener(10));
        assertEquals(fixtures.editorialOrder().subList(0, 10), ids(response));
        assertEquals("knn-ctx-v1/untrained", response.getModelVersion());
        for (Recommendation r : response.getRecommendationsList()) {
            assertEquals("EDITORS_PICK", r.getReasonCode());
            assertFalse(r.getReason().isBlank());
        }
        Recommendation first = response.getRecommendations(0);
        assertEquals("items/morning-drive-news-zh", first.getItem().getName());
        assertEquals("早高峰新闻速递", first.getItem().getTitle());
        assertEquals(List.of("commute", "daily_news"), first.getItem().getTagsList());
        assertEquals(900, first.getItem().getDuration().getSeconds());
        assertEquals(ids(response), ids(partner.recommend(forNewListener(10))), "the same answer every time");
    }

    @Test
    void eventsChangeTheRanking() {
        List<String> editorial = fixtures.editorialOrder();
        String hit = editorial.get(30);
        String liked = editorial.get(20);
        String skipped = editorial.get(0);
        listen(hit, COMPLETED);
        listen(hit, COMPLETED);
        listen(liked, STARTED);
        listen(skipped, SKIPPED);
        assertEquals(editorial.subList(0, 5), ids(partner.recommend(forNewListener(5))),
                "events change the ranking when the model is trained, not before");

        train();
        RecommendResponse response = partner.recommend(forNewListener(5));

        assertTrue(response.getModelVersion().startsWith("knn-ctx-v1/2"), response.getModelVersion());
        assertEquals(List.of(hit, liked, editorial.get(1), editorial.get(2), editorial.get(3)), ids(response));
        assertEquals(List.of("POPULAR_WITH_OWNERS", "POPULAR_WITH_OWNERS", "EDITORS_PICK", "EDITORS_PICK",
                "EDITORS_PICK"), response.getRecommendationsList().stream().map(Recommendation::getReasonCode).toList());
        assertTrue(response.getRecommendations(0).getScore() > response.getRecommendations(1).getScore());
        List<String> everything = ids(partner.recommend(forNewListener(100)));
        assertFalse(everything.subList(0, 10).contains(skipped), "the skipped item left the top");
    }

    @Test
    void whatTheListenerPlayedRecentlyIsLeftOut() {
        String hit = fixtures.editorialOrder().get(25);
        String person = Fixtures.randomPerson();
        String vehicle = "vehicles/" + Fixtures.randomVin();
        partner.recordListeningEvent(record(event(hit, COMPLETED).setPerson(person).setVehicle(vehicle)));
        train();

        assertEquals(hit, ids(partner.recommend(forNewListener(5))).get(0), "popular with other owners");
        for (RecommendRequest sameListener : List.of(
                RecommendRequest.newBuilder().setPerson(person).setCount(100).build(),
                RecommendRequest.newBuilder().setVehicle(vehicle).setCount(100).build(),
                RecommendRequest.newBuilder().setPerson(Fixtures.randomPerson()).setVehicle(vehicle).setCount(100).build())) {
            List<String> ids = ids(partner.recommend(sameListener));
            assertFalse(ids.contains(hit), "played recently by " + sameListener);
            assertFalse(ids.isEmpty());
        }
    }

    @Test
    void retiredItemsAreLeftOut() {
        String item = fixtures.newItem();
        listen(item, COMPLETED);
        listen(item, COMPLETED);
        train();
        assertEquals(item, ids(partner.recommend(forNewListener(5))).get(0));

        fixtures.retire(item);

        List<String> ids = ids(partner.recommend(forNewListener(100)));
        assertFalse(ids.contains(item));
        List<String> retired = fixtures.strings("select id from audio_item where retired");
        assertTrue(ids.stream().noneMatch(retired::contains));
    }

    @Test
    void countIsHonouredFromOneToAHundred() {
        assertEquals(1, partner.recommend(forNewListener(1)).getRecommendationsCount());
        List<String> all = ids(partner.recommend(forNewListener(100)));
        assertEquals(Math.min(100, fixtures.editorialOrder().size()), all.size());
        assertEquals(all.size(), all.stream().distinct().count(), "no item twice");
    }

    @ParameterizedTest
    @ValueSource(ints = { -5, 0, 101, 10_000 })
    void countOutsideOneToAHundredIsInvalid(int count) {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> partner.recommend(forNewListener(count)));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertEquals("INVALID_RECOMMEND_REQUEST", ErrorDetails.errorInfo(refused).orElseThrow().getReason());
        assertEquals(List.of("count"), ErrorDetails.badRequest(refused).orElseThrow().getFieldViolationsList().stream()
                .map(BadRequest.FieldViolation::getField).toList());
    }

    @Test
    void aListenerIsRequired() {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> partner.recommend(RecommendRequest.newBuilder().setCount(5).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertEquals("person", ErrorDetails.badRequest(refused).orElseThrow().getFieldViolations(0).getField());
    }
}
