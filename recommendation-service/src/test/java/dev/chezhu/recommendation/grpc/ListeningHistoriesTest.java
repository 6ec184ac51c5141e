package dev.chezhu.recommendation.grpc;

import static dev.chezhu.recommendation.grpc.Fixtures.event;
import static dev.chezhu.recommendation.grpc.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.recommendation.domain.ListeningHistories;
import dev.chezhu.recommendation.v1.EraseListeningHistoryRequest;
import dev.chezhu.recommendation.v1.EraseListeningHistoryResponse;
import dev.chezhu.recommendation.v1.ExportListeningHistoryRequest;
import dev.chezhu.recommendation.v1.ExportListeningHistoryResponse;
import dev.chezhu.recommendation.v1.ListListeningEventsRequest;
import dev.chezhu.recommendation.v1.ListListeningEventsResponse;
import dev.chezhu.recommendation.v1.ListeningEvent;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc.RecommendationServiceBlockingStub;
import dev.chezhu.recommendation.v1.TrainModelRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** A person's history as a whole: the console's list, export, erasure, and identity's merges and splits. */
@QuarkusTest
class ListeningHistoriesTest {

    static final ListeningEventType COMPLETED = ListeningEventType.LISTENING_EVENT_TYPE_COMPLETED;

    @GrpcClient("recommendation")
    RecommendationServiceBlockingStub recommendation;

    @Inject
    Fixtures fixtures;

    @Inject
    ListeningHistories histories;

    private RecommendationServiceBlockingStub admin() {
        return recommendation.withCallCredentials(TestCallers.service("loyalty-service"));
    }

    private List<String> listen(String person, String... items) {
        RecommendationServiceBlockingStub partner = recommendation.withCallCredentials(TestCallers.partner());
        List<String> names = new ArrayList<>();
        long at = System.currentTimeMillis() / 1000 - 3600;
        for (String item : items) {
            names.add(partner.recordListeningEvent(record(event(item, COMPLETED).setPerson(person)
                    .setEventTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(at++)))).getName());
        }
        return names;
    }

    private static String id(String person) {
        return person.substring("persons/".length());
    }

    @Test
    void theConsoleListsAPersonsEventsNewestFirstPageByPage() {
        String person = Fixtures.randomPerson();
        List<String> names = listen(person, "crosstalk-classics", "night-drive-radio", "sports-tonight",
                "tech-weekly", "car-care-tips");
        List<String> listed = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListListeningEventsResponse page = admin().listListeningEvents(ListListeningEventsRequest.newBuilder()
                    .setParent(person).setPageSize(2).setPageToken(token).build());
            page.getListeningEventsList().forEach(e -> listed.add(e.getName()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertEquals(3, pages);
        List<String> newestFirst = new ArrayList<>(names);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, listed);

        StatusRuntimeException partner = assertThrows(StatusRuntimeException.class, () -> recommendation
                .withCallCredentials(TestCallers.partner()).listListeningEvents(ListListeningEventsRequest.newBuilder()
                        .setParent(person).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, partner.getStatus().getCode());
        RecommendationServiceBlockingStub headUnit = recommendation.withCallCredentials(TestCallers.headUnit());
        headUnit.listListeningEvents(ListListeningEventsRequest.newBuilder()
                .setParent("vehicles/" + TestCallers.HEAD_UNIT_VIN).build());
        StatusRuntimeException other = assertThrows(StatusRuntimeException.class, () -> headUnit.listListeningEvents(
                ListListeningEventsRequest.newBuilder().setParent("vehicles/" + TestCallers.OTHER_HEAD_UNIT_VIN).build()));
        assertEquals("VEHICLE_NOT_ALLOWED", ErrorDetails.errorInfo(other).orElseThrow().getReason());
    }

    @Test
    void anExportHoldsEveryEventAndWhatWasDerivedFromThem() {
        String person = Fixtures.randomPerson();
        listen(person, "crosstalk-classics", "tech-weekly");
        ExportListeningHistoryResponse export = admin().exportListeningHistory(ExportListeningHistoryRequest.newBuilder()
                .setPerson(person).build());
        assertEquals(List.of("items/tech-weekly", "items/crosstalk-classics"),
                export.getListeningEventsList().stream().map(ListeningEvent::getItem).toList());
        assertEquals(Set.of("crosstalk-classics", "tech-weekly"), export.getItemPreferencesMap().keySet());
        assertEquals(1.0, export.getItemPreferencesMap().get("tech-weekly"));
    }

    @Test
    void erasureDeletesTheHistoryEverywhereAndARepeatAnswersTheSame() {
        String person = Fixtures.randomPerson();
        String item = fixtures.newItem();
        listen(person, item, "crosstalk-classics");
        OptionalDouble before = fixtures.popularity(item);
        EraseListeningHistoryRequest request = EraseListeningHistoryRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setPerson(person).build();

        EraseListeningHistoryResponse erased = admin().eraseListeningHistory(request);

        assertEquals(2, erased.getErasedEvents());
        assertEquals(0, fixtures.count("select count(*) from listening_event where person_id = ? "
                + "or original_person_id = ?", id(person), id(person)));
        for (String key : List.of("recent", "taste", "ctx")) {
            assertFalse(fixtures.exists("recommendation:" + key + ":person:" + id(person)), key);
        }
        assertEquals(before.getAsDouble() - 3.0, fixtures.popularity(item).orElse(0), 1e-9);
        assertEquals(erased, admin().eraseListeningHistory(request), "a resend answers like the first");
        assertFalse(admin().recommend(dev.chezhu.recommendation.v1.RecommendRequest.newBuilder().setPerson(person)
                .setCount(40).build()).getRecommendationsList().stream()
                .anyMatch(r -> r.getReasonCode().startsWith("BECAUSE")));
        assertEquals(Status.Code.PERMISSION_DENIED, assertThrows(StatusRuntimeException.class, () -> recommendation
                .withCallCredentials(TestCallers.partner()).eraseListeningHistory(request)).getStatus().getCode());
    }

    @Test
    void mergedPersonsShareOneHistoryAndASplitGivesEachItsOwnBack() throws Throwable {
        String survivor = Fixtures.randomPerson();
        String merged = Fixtures.randomPerson();
        listen(survivor, "crosstalk-classics");
        listen(merged, "tech-weekly");

        VertxContextSupport.subscribeAndAwait(() -> histories.mergeHistories(id(survivor), List.of(id(merged))));
        VertxContextSupport.subscribeAndAwait(() -> histories.mergeHistories(id(survivor), List.of(id(merged))));

        assertEquals(2, fixtures.count("select count(*) from listening_event where person_id = ?", id(survivor)));
        assertEquals(Set.of("crosstalk-classics", "tech-weekly"),
                fixtures.hash("recommendation:taste:person:" + id(survivor)).keySet());
        assertFalse(fixtures.exists("recommendation:taste:person:" + id(merged)));
        // an event still sent for the merged ID counts for the survivor
        listen(merged, "car-care-tips");
        assertEquals(3, fixtures.count("select count(*) from listening_event where person_id = ?", id(survivor)));
        assertTrue(fixtures.hash("recommendation:taste:person:" + id(survivor)).containsKey("car-care-tips"));
        // and a recommendation for the merged ID is the survivor's: nothing either of them just played
        List<String> forMerged = admin().recommend(dev.chezhu.recommendation.v1.RecommendRequest.newBuilder()
                .setPerson(merged).setCount(40).build()).getRecommendationsList().stream()
                .map(r -> r.getItem().getItemId()).toList();
        assertFalse(forMerged.contains("crosstalk-classics"));

        VertxContextSupport.subscribeAndAwait(() -> histories.splitHistories(id(survivor), List.of(id(merged))));

        assertEquals(1, fixtures.count("select count(*) from listening_event where person_id = ?", id(survivor)));
        assertEquals(2, fixtures.count("select count(*) from listening_event where person_id = ?", id(merged)));
        assertEquals(Set.of("crosstalk-classics"), fixtures.hash("recommendation:taste:person:" + id(survivor)).keySet());
        assertEquals(Set.of("tech-weekly", "car-care-tips"),
                fixtures.hash("recommendation:taste:person:" + id(merged)).keySet());
    }

    @Test
    void erasureOfASurvivorTakesWhatWasMergedIntoIt() throws Throwable {
        String survivor = Fixtures.randomPerson();
        String merged = Fixtures.randomPerson();
        listen(survivor, "crosstalk-classics");
        listen(merged, "tech-weekly");
        VertxContextSupport.subscribeAndAwait(() -> histories.mergeHistories(id(survivor), List.of(id(merged))));

        long erased = VertxContextSupport.subscribeAndAwait(() -> histories.eraseHistory(List.of(id(survivor),
                id(merged))));

        assertEquals(2, erased);
        assertEquals(0, fixtures.count("select count(*) from listening_event where original_person_id in (?, ?)",
                id(survivor), id(merged)));
        assertEquals(0, fixtures.count("select count(*) from person_alias where person_id = ?", id(merged)));
        admin().trainModel(TrainModelRequest.getDefaultInstance());
    }
}
