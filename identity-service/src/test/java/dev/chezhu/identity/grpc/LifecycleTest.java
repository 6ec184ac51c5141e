package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.Errors.refused;
import static dev.chezhu.identity.grpc.Fixtures.asDealerD001;
import static dev.chezhu.identity.grpc.Fixtures.asPartner;
import static dev.chezhu.identity.grpc.Fixtures.asService;
import static dev.chezhu.identity.grpc.Fixtures.observation;
import static dev.chezhu.identity.grpc.Fixtures.phone;
import static dev.chezhu.identity.grpc.Fixtures.uniquePhone;
import static dev.chezhu.identity.grpc.Fixtures.uniqueVin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.chezhu.identity.domain.Lifecycles;
import dev.chezhu.identity.v1.ActivityKind;
import dev.chezhu.identity.v1.GetLifecycleRequest;
import dev.chezhu.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import dev.chezhu.identity.v1.Lifecycle;
import dev.chezhu.identity.v1.LifecycleChanged;
import dev.chezhu.identity.v1.LifecycleReason;
import dev.chezhu.identity.v1.LifecycleStage;
import dev.chezhu.identity.v1.RecordPersonActivityRequest;
import dev.chezhu.identity.v1.RecordPersonActivityResponse;
import dev.chezhu.identity.v1.VehicleRelationship;
import dev.chezhu.identity.v1.VehicleRole;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Lead → owner → loyal / churned, advocate flag, each explained and each change an event. */
@QuarkusTest
class LifecycleTest {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    DataSource db;

    @Inject
    Lifecycles lifecycles;

    private Lifecycle lifecycle(String personId) {
        return asPartner(identity).getLifecycle(GetLifecycleRequest.newBuilder()
                .setName("persons/" + personId + "/lifecycle").build());
    }

    private RecordPersonActivityResponse activity(String personId, ActivityKind kind, Instant at) {
        return asDealerD001(identity).recordPersonActivity(RecordPersonActivityRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setPerson("persons/" + personId).setKind(kind)
                .setSource("dealer_crm:D001").setOccurTime(Timestamp.newBuilder().setSeconds(at.getEpochSecond())).build());
    }

    private static List<String> codes(Lifecycle lifecycle) {
        return lifecycle.getReasonsList().stream().map(LifecycleReason::getCode).toList();
    }

    private String owner() {
        return asPartner(identity).identifyPerson(observation("dealer_crm:D001", phone(uniquePhone()))
                .addVehicles(VehicleRelationship.newBuilder().setVin(uniqueVin()).setRole(VehicleRole.VEHICLE_ROLE_OWNER))
                .build()).getPerson().getPersonId();
    }

    @Test
    void aLeadBecomesAnOwnerThenLoyalAndAnAdvocateWithReasonsAndEvents() {
        String phone = uniquePhone();
        String person = asPartner(identity).identifyPerson(observation("app", phone(phone)).build()).getPerson()
                .getPersonId();
        Lifecycle lead = lifecycle(person);
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_LEAD, lead.getStage());
        assertTrue(codes(lead).contains("NO_VEHICLE_OWNERSHIP"));

        asPartner(identity).identifyPerson(observation("dealer_crm:D001", phone("+86 " + phone))
                .addVehicles(VehicleRelationship.newBuilder().setVin(uniqueVin()).setRole(VehicleRole.VEHICLE_ROLE_OWNER))
                .build());
        Lifecycle owner = lifecycle(person);
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_OWNER, owner.getStage());
        assertTrue(codes(owner).containsAll(List.of("OWNS_VEHICLE", "VISITED_WITHIN_CHURN_PERIOD", "FEW_VISITS")));

        Instant now = Instant.now();
        activity(person, ActivityKind.ACTIVITY_KIND_SERVICE_VISIT, now.minus(Duration.ofDays(200)));
        activity(person, ActivityKind.ACTIVITY_KIND_PARTS_PURCHASE, now.minus(Duration.ofDays(100)));
        Lifecycle loyal = activity(person, ActivityKind.ACTIVITY_KIND_SERVICE_VISIT, now.minus(Duration.ofDays(1)))
                .getLifecycle();
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_LOYAL, loyal.getStage());
        assertTrue(codes(loyal).contains("REPEAT_VISITS"));
        assertFalse(loyal.getAdvocate());

        activity(person, ActivityKind.ACTIVITY_KIND_CONTENT_SHARE, now.minus(Duration.ofDays(10)));
        activity(person, ActivityKind.ACTIVITY_KIND_REFERRAL, now.minus(Duration.ofDays(5)));
        Lifecycle advocate = activity(person, ActivityKind.ACTIVITY_KIND_CONTENT_SHARE, now).getLifecycle();
        assertTrue(advocate.getAdvocate());
        assertTrue(codes(advocate).contains("ADVOCACY_ACTIONS"));

        List<LifecycleChanged> events = Fixtures.events(db, person, "LifecycleChanged", LifecycleChanged.parser());
        assertEquals(List.of(LifecycleStage.LIFECYCLE_STAGE_OWNER, LifecycleStage.LIFECYCLE_STAGE_LOYAL,
                LifecycleStage.LIFECYCLE_STAGE_LOYAL), events.stream().map(LifecycleChanged::getStage).toList());
        assertTrue(events.get(2).getAdvocate());
    }

    @Test
    void anOwnerNotSeenForTheChurnPeriodIsChurnedAndTheReasonSaysWhy() {
        String person = owner();
        Lifecycle churned = activity(person, ActivityKind.ACTIVITY_KIND_SERVICE_VISIT,
                Instant.now().minus(Duration.ofDays(400))).getLifecycle();
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_CHURNED, churned.getStage());
        LifecycleReason why = churned.getReasonsList().stream()
                .filter(r -> r.getCode().equals("NO_VISIT_WITHIN_CHURN_PERIOD")).findFirst().orElseThrow();
        assertTrue(why.getDescription().contains("400 days ago"), why.getDescription());
        assertTrue(why.getDescription().contains("365"), why.getDescription());
    }

    @Test
    void theChurnSweepCatchesOwnersWhoChurnWithThePassingOfTime() throws Throwable {
        String person = owner();
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_OWNER, lifecycle(person).getStage());
        Instant later = Instant.now().plus(Duration.ofDays(366));
        for (int i = 0; i < 20 && VertxContextSupport.subscribeAndAwait(() -> lifecycles.sweepChurn(later)) > 0; i++) {
            // every batch churns owners of earlier tests too, oldest first
        }
        List<LifecycleChanged> events = Fixtures.events(db, person, "LifecycleChanged", LifecycleChanged.parser());
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_CHURNED, events.get(events.size() - 1).getStage());
        assertEquals(LifecycleStage.LIFECYCLE_STAGE_OWNER, events.get(events.size() - 1).getPreviousStage());
    }

    @Test
    void activitiesAreIdempotentValidatedAndBoundToTheDealer() {
        String person = owner();
        RecordPersonActivityRequest request = RecordPersonActivityRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setPerson("persons/" + person)
                .setKind(ActivityKind.ACTIVITY_KIND_VEHICLE_PURCHASE).setSource("dealer_crm:D001").build();
        assertFalse(asService(identity).recordPersonActivity(request).getReplayed());
        assertTrue(asService(identity).recordPersonActivity(request).getReplayed());
        assertEquals(1, Fixtures.count(db, "select count(*) from person_activity where person_id = ?", person));

        refused(Status.Code.PERMISSION_DENIED, "DEALER_MISMATCH", () -> asDealerD001(identity).recordPersonActivity(
                request.toBuilder().setRequestId(UUID.randomUUID().toString()).setDealerId("D002").build()));
        refused(Status.Code.INVALID_ARGUMENT, "INVALID_ACTIVITY", () -> asService(identity).recordPersonActivity(
                request.toBuilder().setRequestId(UUID.randomUUID().toString()).setKind(ActivityKind.ACTIVITY_KIND_UNSPECIFIED)
                        .setOccurTime(Timestamp.newBuilder().setSeconds(Instant.now().plusSeconds(3600).getEpochSecond()))
                        .build()));
        refused(Status.Code.PERMISSION_DENIED, null, () -> asPartner(identity).recordPersonActivity(request));
        refused(Status.Code.INVALID_ARGUMENT, null, () -> asPartner(identity).getLifecycle(GetLifecycleRequest.newBuilder()
                .setName("persons/" + person).build()));
    }
}
