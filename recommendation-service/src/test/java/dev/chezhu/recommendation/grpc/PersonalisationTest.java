package dev.chezhu.recommendation.grpc;

import static dev.chezhu.recommendation.grpc.Fixtures.event;
import static dev.chezhu.recommendation.grpc.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Duration;

import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.recommendation.identity.TestIdentity;
import dev.chezhu.recommendation.v1.DayPart;
import dev.chezhu.recommendation.v1.DrivingState;
import dev.chezhu.recommendation.v1.ListeningContext;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.Place;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.RecommendResponse;
import dev.chezhu.recommendation.v1.Recommendation;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc.RecommendationServiceBlockingStub;
import dev.chezhu.recommendation.v1.TrainModelRequest;
import dev.chezhu.recommendation.v1.TrainModelResponse;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The trained model over real gRPC, PostgreSQL and Redis: two taste groups of owners (finance news,
 * children's content) and a few learners (language courses at home) teach it; then personal history, consent, cold-start
 * profiles, skips within a drive and context each change the answer as the issue asks.
 */
@QuarkusTest
class PersonalisationTest {

    static final List<String> FINANCE = List.of("global-markets-brief", "stock-market-opening", "caijing-evening",
            "investing-101-ep01");
    static final List<String> KIDS = List.of("kids-bedtime-stories", "kids-why-questions-ep01",
            "poems-for-children-ep01", "kids-english-songs");
    static final List<String> LEARNING = List.of("commuter-english-01", "commuter-english-02",
            "business-english-meetings");
    static final String FINANCE_MODEL = "model:Buick GL8";
    static final String KIDS_MODEL = "model:Buick Envision";
    static final ListeningEventType COMPLETED = ListeningEventType.LISTENING_EVENT_TYPE_COMPLETED;
    static final ListeningEventType SKIPPED = ListeningEventType.LISTENING_EVENT_TYPE_SKIPPED;

    @GrpcClient("recommendation")
    RecommendationServiceBlockingStub recommendation;

    @Inject
    Fixtures fixtures;

    @Inject
    TestIdentity identity;

    private RecommendationServiceBlockingStub partner;

    @BeforeEach
    void twoTasteGroupsTrainTheModel() {
        fixtures.clearSignals();
        fixtures.update("delete from listening_event");
        identity.reset();
        partner = recommendation.withCallCredentials(TestCallers.partner());
        for (int i = 0; i < 5; i++) {
            group(FINANCE, FINANCE_MODEL);
            group(KIDS, KIDS_MODEL);
        }
        ListeningContext home = ListeningContext.newBuilder().setPlace(Place.PLACE_AT_HOME).build();
        for (int i = 0; i < 3; i++) {
            String learner = Fixtures.randomPerson();
            for (String course : LEARNING) {
                partner.recordListeningEvent(record(event(course, COMPLETED).setPerson(learner).setContext(home)));
            }
        }
        TrainModelResponse trained = recommendation.withCallCredentials(TestCallers.service("loyalty-service"))
                .trainModel(TrainModelRequest.getDefaultInstance());
        assertEquals(13, trained.getListeners());
        assertTrue(trained.getModelVersion().startsWith("knn-ctx-v1/"));
    }

    @AfterEach
    void everyoneGrantsAgain() {
        identity.reset();
    }

    private void group(List<String> items, String segment) {
        String person = Fixtures.randomPerson();
        identity.profile(person, List.of(segment));
        for (String item : items) {
            partner.recordListeningEvent(record(event(item, COMPLETED).setPerson(person)));
        }
    }

    private static RecommendRequest ask(String person, Place place) {
        return RecommendRequest.newBuilder().setPerson(person).setCount(100)
                .setContext(ListeningContext.newBuilder().setPlace(place)).build();
    }

    private static List<String> ids(RecommendResponse response) {
        return response.getRecommendationsList().stream().map(r -> r.getItem().getItemId()).toList();
    }

    @Test
    void aListenerWhoFinishedSomethingGetsItsNeighboursBecauseTheyFinishedIt() {
        String person = Fixtures.randomPerson();
        partner.recordListeningEvent(record(event("stock-market-opening", COMPLETED).setPerson(person)));

        RecommendResponse response = partner.recommend(ask(person, Place.PLACE_UNSPECIFIED));

        assertTrue(response.getPersonalised());
        List<String> top3 = ids(response).subList(0, 3);
        assertTrue(FINANCE.containsAll(top3), "the finance neighbours first: " + top3);
        Recommendation first = response.getRecommendations(0);
        assertEquals("BECAUSE_YOU_FINISHED", first.getReasonCode());
        assertEquals("items/stock-market-opening", first.getBecauseItem());
        assertEquals("Because you finished 股市早知道", first.getReason());
        assertFalse(ids(response).contains("stock-market-opening"), "just played");
    }

    @Test
    void withoutConsentOrWhenIdentityCannotSayTheListIsNotPersonal() {
        String person = Fixtures.randomPerson();
        partner.recordListeningEvent(record(event("stock-market-opening", COMPLETED).setPerson(person)));
        List<String> anonymous = ids(partner.recommend(ask(Fixtures.randomPerson(), Place.PLACE_UNSPECIFIED)))
                .stream().filter(id -> !id.equals("stock-market-opening")).toList();

        identity.deny(person);
        RecommendResponse denied = partner.recommend(ask(person, Place.PLACE_UNSPECIFIED));
        assertFalse(denied.getPersonalised());
        assertEquals(anonymous, ids(denied), "the non-personal list, minus what was just played");
        assertTrue(denied.getRecommendationsList().stream().noneMatch(r -> r.getReasonCode().startsWith("BECAUSE")));

        identity.grant(person);
        identity.unreachable(person);
        RecommendResponse unknown = partner.recommend(ask(person, Place.PLACE_UNSPECIFIED));
        assertFalse(unknown.getPersonalised(), "fails closed");
        assertEquals(anonymous, ids(unknown));
    }

    @Test
    void coldStartServesWhatOwnersOfTheSameModelLike() {
        String financeOwner = Fixtures.randomPerson();
        identity.profile(financeOwner, List.of(FINANCE_MODEL));
        String kidsOwner = Fixtures.randomPerson();
        identity.profile(kidsOwner, List.of(KIDS_MODEL));

        RecommendResponse finance = partner.recommend(ask(financeOwner, Place.PLACE_UNSPECIFIED));
        RecommendResponse kids = partner.recommend(ask(kidsOwner, Place.PLACE_UNSPECIFIED));

        assertTrue(FINANCE.containsAll(ids(finance).subList(0, 4)), ids(finance).toString());
        assertTrue(KIDS.containsAll(ids(kids).subList(0, 4)), ids(kids).toString());
        assertEquals("POPULAR_WITH_OWNERS", finance.getRecommendations(0).getReasonCode());
        assertEquals("Popular with owners of your Buick GL8", finance.getRecommendations(0).getReason());
    }

    @Test
    void aSkipDemotesTheItemAndItsNeighboursWithinTheDriveAtOnce() {
        String vehicle = "vehicles/" + Fixtures.randomVin();
        identity.profile(vehicle, List.of());
        RecommendRequest ask = RecommendRequest.newBuilder().setVehicle(vehicle).setCount(100).build();
        partner.recordListeningEvent(record(event("global-markets-brief", COMPLETED).setVehicle(vehicle)));
        List<String> before = ids(partner.recommend(ask));
        String skipped = before.get(0);
        String neighbour = before.get(1);
        assertTrue(FINANCE.contains(skipped) && FINANCE.contains(neighbour), before.toString());

        partner.recordListeningEvent(record(event(skipped, SKIPPED).setVehicle(vehicle)
                .setListened(Duration.newBuilder().setSeconds(5))));
        List<String> after = ids(partner.recommend(ask));

        assertFalse(after.contains(skipped), "skipped in this drive: left out");
        assertTrue(after.indexOf(neighbour) > before.indexOf(neighbour),
                "its neighbour moved down: " + before.indexOf(neighbour) + " -> " + after.indexOf(neighbour));
        assertTrue(fixtures.hash("recommendation:drive:vehicle:" + vehicle.substring(9)).containsKey(skipped));
    }

    @Test
    void theSamePersonGetsDifferentListsWhereTheirBehaviourDiffers() {
        String person = Fixtures.randomPerson();
        ListeningContext home = ListeningContext.newBuilder().setPlace(Place.PLACE_AT_HOME)
                .setDayPart(DayPart.DAY_PART_EVENING).build();
        ListeningContext car = ListeningContext.newBuilder().setPlace(Place.PLACE_IN_CAR)
                .setDayPart(DayPart.DAY_PART_MORNING).setDrivingState(DrivingState.DRIVING_STATE_CITY).build();
        for (String course : List.of("commuter-english-01", "business-english-meetings")) {
            partner.recordListeningEvent(record(event(course, COMPLETED).setPerson(person).setContext(home)));
        }
        for (String course : List.of("ielts-speaking-practice-01", "japanese-for-travel-01")) {
            partner.recordListeningEvent(record(event(course, SKIPPED).setPerson(person).setContext(car)
                    .setListened(Duration.newBuilder().setSeconds(10))));
        }
        // a day later: the skips are no longer this drive's
        fixtures.clearDrive("person:" + person.substring(8));

        List<String> atHome = ids(partner.recommend(ask(person, Place.PLACE_AT_HOME)));
        List<String> inCar = ids(partner.recommend(ask(person, Place.PLACE_IN_CAR)));

        assertNotEquals(atHome, inCar);
        assertTrue(atHome.indexOf("commuter-english-02") < inCar.indexOf("commuter-english-02"),
                "a language course ranks higher at home (" + atHome.indexOf("commuter-english-02") + ") than in the car ("
                        + inCar.indexOf("commuter-english-02") + ")");
    }
}
