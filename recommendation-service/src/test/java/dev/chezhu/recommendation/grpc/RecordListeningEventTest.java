package dev.chezhu.recommendation.grpc;

import static dev.chezhu.recommendation.grpc.Fixtures.event;
import static dev.chezhu.recommendation.grpc.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.recommendation.v1.ListeningContext;
import dev.chezhu.recommendation.v1.ListeningEvent;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.Place;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc.RecommendationServiceBlockingStub;
import dev.chezhu.recommendation.v1.RecordListeningEventRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** RecordListeningEvent over real gRPC, against the real PostgreSQL, Redis and Keycloak. */
@QuarkusTest
class RecordListeningEventTest {

    private static final ListeningEventType STARTED = ListeningEventType.LISTENING_EVENT_TYPE_STARTED;
    private static final ListeningEventType COMPLETED = ListeningEventType.LISTENING_EVENT_TYPE_COMPLETED;

    @GrpcClient("recommendation")
    RecommendationServiceBlockingStub recommendation;

    @Inject
    Fixtures fixtures;

    private RecommendationServiceBlockingStub asPartner() {
        return recommendation.withCallCredentials(TestCallers.partner());
    }

    private long rowsOf(RecordListeningEventRequest request) {
        return fixtures.count("select count(*) from listening_event where request_id = ?", request.getRequestId());
    }

    @Test
    void theEventIsStoredAndReturnedAsStored() {
        String item = fixtures.newItem();
        String person = Fixtures.randomPerson();
        String vin = Fixtures.randomVin();
        Timestamp at = Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000 - 600).build();
        RecordListeningEventRequest request = record(event(item, COMPLETED).setPerson(person)
                .setVehicle("vehicles/" + vin).setEventTime(at).setName("listeningEvents/ignored"));

        ListeningEvent stored = asPartner().recordListeningEvent(request);

        assertTrue(stored.getName().startsWith("listeningEvents/"));
        assertNotEquals("listeningEvents/ignored", stored.getName(), "the name is assigned by the service");
        assertEquals(person, stored.getPerson());
        assertEquals("vehicles/" + vin, stored.getVehicle());
        assertEquals("items/" + item, stored.getItem());
        assertEquals(COMPLETED, stored.getType());
        assertEquals(120, stored.getListened().getSeconds());
        assertEquals(request.getEvent().getContext(), stored.getContext());
        assertEquals(at, stored.getEventTime());
        String id = stored.getName().substring("listeningEvents/".length());
        assertEquals(1, fixtures.count("select count(*) from listening_event where id = ? and item_id = ? "
                + "and vin = ? and type = 'COMPLETED' and place = 'IN_CAR' and projected_at is not null", id, item, vin));
        assertEquals(OptionalDouble.of(3.0), fixtures.popularity(item));
        assertEquals(List.of(item), fixtures.recentPlays("person:" + person.substring("persons/".length())));
        assertEquals(List.of(item), fixtures.recentPlays("vehicle:" + vin));
    }

    @Test
    void aResentEventIsStoredAndCountedOnce() {
        String item = fixtures.newItem();
        RecordListeningEventRequest request = record(event(item, COMPLETED).setPerson(Fixtures.randomPerson()));
        RecommendationServiceBlockingStub partner = asPartner();

        ListeningEvent first = partner.recordListeningEvent(request);
        ListeningEvent again = partner.recordListeningEvent(request);

        assertEquals(first, again, "the resend answers with the stored event");
        assertEquals(1, rowsOf(request));
        assertEquals(OptionalDouble.of(3.0), fixtures.popularity(item), "COMPLETED weighs 3, once");
    }

    @Test
    void racingResendsAreStoredAndCountedOnce() throws Exception {
        String item = fixtures.newItem();
        RecordListeningEventRequest request = record(event(item, COMPLETED).setVehicle("vehicles/" + Fixtures.randomVin()));
        RecommendationServiceBlockingStub partner = asPartner();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> calls = IntStream.range(0, 16)
                    .<Callable<String>> mapToObj(i -> () -> partner.recordListeningEvent(request).getName()).toList();
            List<String> names = pool.invokeAll(calls).stream().map(RecordListeningEventTest::get).distinct().toList();
            assertEquals(1, names.size(), "every racing resend answered with the same event");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, rowsOf(request));
        assertEquals(OptionalDouble.of(3.0), fixtures.popularity(item));
    }

    private static String get(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anEventWhoseProjectionWasLostIsProjectedByTheResendAndOnlyOnce() {
        String item = fixtures.newItem();
        String vin = Fixtures.randomVin();
        RecordListeningEventRequest request = record(event(item, COMPLETED).setVehicle("vehicles/" + vin));
        RecommendationServiceBlockingStub partner = asPartner();
        String id = partner.recordListeningEvent(request).getName().substring("listeningEvents/".length());

        // the commit happened, then the service died before confirming the Redis projection
        fixtures.update("update listening_event set projected_at = null where id = ?", id);
        partner.recordListeningEvent(request);
        assertEquals(OptionalDouble.of(3.0), fixtures.popularity(item), "already in Redis: not counted again");
        assertEquals(1, fixtures.count("select count(*) from listening_event where id = ? and projected_at is not null", id));

        // the commit happened, then Redis was never reached
        fixtures.update("update listening_event set projected_at = null where id = ?", id);
        fixtures.forgetProjection(id, item, 3.0, "vehicle:" + vin);
        partner.recordListeningEvent(request);
        assertEquals(OptionalDouble.of(3.0), fixtures.popularity(item), "projected by the resend");
        assertEquals(List.of(item), fixtures.recentPlays("vehicle:" + vin));
        assertEquals(1, fixtures.count("select count(*) from listening_event where id = ? and projected_at is not null", id));
        assertEquals(1, rowsOf(request));
    }

    @Test
    void aRequestIdReusedForAnotherEventIsRefused() {
        String item = fixtures.newItem();
        RecordListeningEventRequest request = record(event(item, STARTED).setPerson(Fixtures.randomPerson()));
        RecommendationServiceBlockingStub partner = asPartner();
        partner.recordListeningEvent(request);

        RecordListeningEventRequest reused = request.toBuilder()
                .setEvent(request.getEvent().toBuilder().setType(COMPLETED)).build();
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> partner.recordListeningEvent(reused));
        assertEquals(Status.Code.ALREADY_EXISTS, refused.getStatus().getCode());
        assertEquals("REQUEST_ID_REUSED", ErrorDetails.errorInfo(refused).orElseThrow().getReason());
        assertEquals(1, rowsOf(request));
        assertEquals(OptionalDouble.of(1.0), fixtures.popularity(item), "only the first event counted");
    }

    @Test
    void requestIdsAreScopedToTheCaller() {
        String item = fixtures.newItem();
        RecordListeningEventRequest request = record(event(item, STARTED).setPerson(Fixtures.randomPerson()));
        ListeningEvent byPartner = asPartner().recordListeningEvent(request);
        ListeningEvent byService = recommendation.withCallCredentials(TestCallers.service("gateway"))
                .recordListeningEvent(request);
        assertNotEquals(byPartner.getName(), byService.getName(), "another caller's request_id is not replayed");
        assertEquals(2, rowsOf(request));
    }

    @Test
    void recentPlaysHoldEachItemOnceNewestFirst() {
        String first = fixtures.newItem();
        String second = fixtures.newItem();
        String person = Fixtures.randomPerson();
        RecommendationServiceBlockingStub partner = asPartner();
        partner.recordListeningEvent(record(event(first, STARTED).setPerson(person)));
        partner.recordListeningEvent(record(event(first, COMPLETED).setPerson(person)));
        partner.recordListeningEvent(record(event(second, STARTED).setPerson(person)));
        assertEquals(List.of(second, first), fixtures.recentPlays("person:" + person.substring("persons/".length())));
        assertEquals(OptionalDouble.of(4.0), fixtures.popularity(first), "STARTED 1 + COMPLETED 3");
    }

    @Test
    void anUnknownItemIsNotFoundAndNothingIsStored() {
        RecordListeningEventRequest request = record(event("no-such-item", STARTED).setPerson(Fixtures.randomPerson()));
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> asPartner().recordListeningEvent(request));
        assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode());
        ErrorInfo info = ErrorDetails.errorInfo(refused).orElseThrow();
        assertEquals("ITEM_NOT_FOUND", info.getReason());
        assertEquals("items/no-such-item", info.getMetadataOrThrow("resource"));
        assertEquals(0, rowsOf(request));
    }

    @Test
    void aRetiredItemTakesNoNewEventsButAResendStillAnswers() {
        String item = fixtures.newItem();
        RecommendationServiceBlockingStub partner = asPartner();
        RecordListeningEventRequest before = record(event(item, STARTED).setPerson(Fixtures.randomPerson()));
        ListeningEvent stored = partner.recordListeningEvent(before);
        fixtures.retire(item);

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> partner.recordListeningEvent(record(event(item, STARTED).setPerson(Fixtures.randomPerson()))));
        assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
        assertEquals("ITEM_RETIRED", ErrorDetails.errorInfo(refused).orElseThrow().getReason());
        assertEquals(stored, partner.recordListeningEvent(before), "an event stored before retirement replays");
        assertEquals(1, fixtures.count("select count(*) from listening_event where item_id = ?", item));
    }

    @Test
    void aNegativeDurationIsInvalidWithItsFieldViolation() {
        RecordListeningEventRequest request = record(event("night-drive-radio", STARTED)
                .setPerson(Fixtures.randomPerson()).setListened(Duration.newBuilder().setSeconds(-5)));
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> asPartner().recordListeningEvent(request));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        ErrorInfo info = ErrorDetails.errorInfo(refused).orElseThrow();
        assertEquals("INVALID_LISTENING_EVENT", info.getReason());
        assertEquals(ErrorDetails.DOMAIN, info.getDomain());
        BadRequest badRequest = ErrorDetails.badRequest(refused).orElseThrow();
        assertEquals(List.of("event.listened"), fields(badRequest));
        assertEquals("must not be negative", badRequest.getFieldViolations(0).getDescription());
        assertEquals(0, rowsOf(request));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        RecordListeningEventRequest request = RecordListeningEventRequest.newBuilder()
                .setEvent(ListeningEvent.newBuilder()
                        .setItem("night-drive-radio")
                        .setListened(Duration.newBuilder().setSeconds(25 * 3600))
                        .setContext(ListeningContext.newBuilder().setPlaceValue(42)))
                .build();
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> asPartner().recordListeningEvent(request));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertEquals(List.of("request_id", "event.person", "event.item", "event.type", "event.listened",
                "event.context.place"), fields(ErrorDetails.badRequest(refused).orElseThrow()));
    }

    @Test
    void unspecifiedContextIsAcceptedButAnUnspecifiedTypeIsNot() {
        ListeningEvent stored = asPartner().recordListeningEvent(record(event("night-drive-radio", STARTED)
                .setPerson(Fixtures.randomPerson()).clearContext()));
        assertEquals(Place.PLACE_UNSPECIFIED, stored.getContext().getPlace());

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> asPartner()
                .recordListeningEvent(record(event("night-drive-radio", ListeningEventType.LISTENING_EVENT_TYPE_UNSPECIFIED)
                        .setPerson(Fixtures.randomPerson()))));
        assertEquals(List.of("event.type"), fields(ErrorDetails.badRequest(refused).orElseThrow()));
    }

    private static List<String> fields(BadRequest badRequest) {
        return badRequest.getFieldViolationsList().stream().map(BadRequest.FieldViolation::getField).toList();
    }
}
