package dev.chezhu.recommendation.grpc;

import static dev.chezhu.recommendation.grpc.Fixtures.event;
import static dev.chezhu.recommendation.grpc.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.chezhu.platform.auth.BearerTokenCredentials;
import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.recommendation.v1.EraseListeningHistoryRequest;
import dev.chezhu.recommendation.v1.ExportListeningHistoryRequest;
import dev.chezhu.recommendation.v1.GetAudioItemRequest;
import dev.chezhu.recommendation.v1.ListAudioItemsRequest;
import dev.chezhu.recommendation.v1.ListListeningEventsRequest;
import dev.chezhu.recommendation.v1.ListeningEvent;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc.RecommendationServiceBlockingStub;
import dev.chezhu.recommendation.v1.TrainModelRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Who may call what: roles by @RolesAllowed, head units bound to the VIN in their token, and
 * authorisation decided before anything is looked up.
 */
@QuarkusTest
class GrpcSecurityTest {

    private static final String OWN_VEHICLE = "vehicles/" + TestCallers.HEAD_UNIT_VIN;
    private static final String OTHER_VEHICLE = "vehicles/" + TestCallers.OTHER_HEAD_UNIT_VIN;

    @GrpcClient("recommendation")
    RecommendationServiceBlockingStub recommendation;

    private static Status.Code codeOf(Executable call) {
        return assertThrows(StatusRuntimeException.class, call).getStatus().getCode();
    }

    private static ListeningEvent.Builder completed(String vehicle) {
        return event("night-drive-radio", ListeningEventType.LISTENING_EVENT_TYPE_COMPLETED).setVehicle(vehicle);
    }

    private static RecommendRequest recommendFor(String vehicle) {
        return RecommendRequest.newBuilder().setVehicle(vehicle).setCount(5).build();
    }

    @Test
    void noTokenIsUnauthenticated() {
        assertEquals(Status.Code.UNAUTHENTICATED, codeOf(() -> recommendation.recordListeningEvent(
                record(completed(OWN_VEHICLE)))));
        assertEquals(Status.Code.UNAUTHENTICATED, codeOf(() -> recommendation.recommend(recommendFor(OWN_VEHICLE))));
    }

    @Test
    void forgedTokenIsUnauthenticated() {
        String token = TestCallers.KEYCLOAK.clientToken("partner-app", "partner-app-secret");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        RecommendationServiceBlockingStub stub = recommendation.withCallCredentials(new BearerTokenCredentials(forged));
        assertEquals(Status.Code.UNAUTHENTICATED, codeOf(() -> stub.recommend(recommendFor(OWN_VEHICLE))));
    }

    @Test
    void dealerIsPermissionDenied() {
        RecommendationServiceBlockingStub dealer = recommendation.withCallCredentials(TestCallers.dealerD001());
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> dealer.recordListeningEvent(record(completed(OWN_VEHICLE))));
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        assertEquals("ROLE_NOT_ALLOWED", ErrorDetails.errorInfo(refused).orElseThrow().getReason());
        assertEquals(Status.Code.PERMISSION_DENIED, codeOf(() -> dealer.recommend(recommendFor(OWN_VEHICLE))));
    }

    @Test
    void headUnitRecordsAndAsksForItsOwnVehicle() {
        RecommendationServiceBlockingStub headUnit = recommendation.withCallCredentials(TestCallers.headUnit());
        ListeningEvent stored = headUnit.recordListeningEvent(record(completed("vehicles/lsvau2180n2183294")));
        assertEquals(OWN_VEHICLE, stored.getVehicle(), "the VIN is normalised to upper case");
        assertFalse(headUnit.recommend(recommendFor(OWN_VEHICLE)).getRecommendationsList().isEmpty());
        RecommendationServiceBlockingStub other = recommendation.withCallCredentials(TestCallers.otherHeadUnit());
        assertEquals(OTHER_VEHICLE, other.recordListeningEvent(record(completed(OTHER_VEHICLE))).getVehicle());
    }

    @Test
    void headUnitForAnotherVehicleIsPermissionDenied() {
        RecommendationServiceBlockingStub headUnit = recommendation.withCallCredentials(TestCallers.headUnit());
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> headUnit.recordListeningEvent(record(completed(OTHER_VEHICLE))));
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        assertEquals("VEHICLE_NOT_ALLOWED", ErrorDetails.errorInfo(refused).orElseThrow().getReason());
        assertEquals(Status.Code.PERMISSION_DENIED, codeOf(() -> headUnit.recommend(recommendFor(OTHER_VEHICLE))));
    }

    @Test
    void headUnitMustNameItsVehicle() {
        RecommendationServiceBlockingStub headUnit = recommendation.withCallCredentials(TestCallers.headUnit());
        String person = Fixtures.randomPerson();
        assertEquals(Status.Code.PERMISSION_DENIED, codeOf(() -> headUnit.recordListeningEvent(record(
                event("night-drive-radio", ListeningEventType.LISTENING_EVENT_TYPE_STARTED).setPerson(person)))));
        assertEquals(Status.Code.PERMISSION_DENIED, codeOf(() -> headUnit.recommend(RecommendRequest.newBuilder()
                .setPerson(person).setCount(5).build())));
    }

    @Test
    void authorisationIsDecidedBeforeExistence() {
        RecommendationServiceBlockingStub headUnit = recommendation.withCallCredentials(TestCallers.headUnit());
        ListeningEvent.Builder unknownItem = event("no-such-item", ListeningEventType.LISTENING_EVENT_TYPE_STARTED);
        assertEquals(Status.Code.PERMISSION_DENIED, codeOf(() -> headUnit.recordListeningEvent(record(
                unknownItem.clone().setVehicle(OTHER_VEHICLE)))));
        assertEquals(Status.Code.NOT_FOUND, codeOf(() -> headUnit.recordListeningEvent(record(
                unknownItem.clone().setVehicle(OWN_VEHICLE)))));
    }

    @Test
    void servicesAndThePlatformTeamMayCallBoth() {
        for (RecommendationServiceBlockingStub stub : new RecommendationServiceBlockingStub[] {
                recommendation.withCallCredentials(TestCallers.service("loyalty-service")),
                recommendation.withCallCredentials(TestCallers.platformAdmin()) }) {
            String vehicle = "vehicles/" + Fixtures.randomVin();
            assertEquals(vehicle, stub.recordListeningEvent(record(completed(vehicle))).getVehicle());
            assertEquals(5, stub.recommend(recommendFor(vehicle)).getRecommendationsCount());
        }
    }

    @Test
    void dealersMayCallNothingAndPartnersNeitherHistoriesNorTraining() {
        RecommendationServiceBlockingStub dealer = recommendation.withCallCredentials(TestCallers.dealerD001());
        String person = Fixtures.randomPerson();
        List<Executable> calls = List.of(
                () -> dealer.getAudioItem(GetAudioItemRequest.newBuilder().setName("items/night-drive-radio").build()),
                () -> dealer.listAudioItems(ListAudioItemsRequest.getDefaultInstance()),
                () -> dealer.trainModel(TrainModelRequest.getDefaultInstance()),
                () -> dealer.listListeningEvents(ListListeningEventsRequest.newBuilder().setParent(person).build()));
        for (Executable call : calls) {
            assertEquals(Status.Code.PERMISSION_DENIED, codeOf(call));
        }
        RecommendationServiceBlockingStub partner = recommendation.withCallCredentials(TestCallers.partner());
        for (Executable call : List.<Executable> of(
                () -> partner.trainModel(TrainModelRequest.getDefaultInstance()),
                () -> partner.exportListeningHistory(ExportListeningHistoryRequest.newBuilder().setPerson(person).build()),
                () -> partner.eraseListeningHistory(EraseListeningHistoryRequest.newBuilder().setRequestId("r1")
                        .setPerson(person).build()))) {
            assertEquals(Status.Code.PERMISSION_DENIED, codeOf(call));
        }
        RecommendationServiceBlockingStub headUnit = recommendation.withCallCredentials(TestCallers.headUnit());
        assertEquals(Status.Code.PERMISSION_DENIED, codeOf(() -> headUnit.exportListeningHistory(
                ExportListeningHistoryRequest.newBuilder().setPerson(person).build())));
        assertEquals(Status.Code.UNAUTHENTICATED, codeOf(() -> recommendation.getAudioItem(
                GetAudioItemRequest.newBuilder().setName("items/night-drive-radio").build())));
    }
}
