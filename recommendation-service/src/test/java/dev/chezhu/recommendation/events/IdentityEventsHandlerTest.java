package dev.chezhu.recommendation.events;

import static dev.chezhu.recommendation.grpc.Fixtures.event;
import static dev.chezhu.recommendation.grpc.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Message;

import dev.chezhu.identity.v1.ConsentChanged;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.PersonErased;
import dev.chezhu.identity.v1.PersonMerged;
import dev.chezhu.identity.v1.PersonUnmerged;
import dev.chezhu.platform.events.Envelope;
import dev.chezhu.platform.testing.TestCallers;
import dev.chezhu.recommendation.grpc.Fixtures;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.RecommendationServiceGrpc.RecommendationServiceBlockingStub;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * identity's events as the platform-events consumer hands them over: inside a transaction, once each.
 * Redeliveries change nothing.
 */
@QuarkusTest
class IdentityEventsHandlerTest {

    @GrpcClient("recommendation")
    RecommendationServiceBlockingStub recommendation;

    @Inject
    IdentityEventsHandler handler;

    @Inject
    Fixtures fixtures;

    private void deliver(Message payload) throws Throwable {
        Envelope envelope = new Envelope(UUID.randomUUID(), Envelope.typeOf(payload), "identity-service",
                "persons/x", Instant.now(), null, payload.toByteString());
        assertTrue(handler.handles(envelope.type()));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> handler.handle(envelope)));
    }

    private void listen(String person, String item) {
        recommendation.withCallCredentials(TestCallers.partner()).recordListeningEvent(record(
                event(item, ListeningEventType.LISTENING_EVENT_TYPE_COMPLETED).setPerson("persons/" + person)));
    }

    @Test
    void mergesSplitsAndErasuresFollowIdentity() throws Throwable {
        String survivor = UUID.randomUUID().toString();
        String merged = UUID.randomUUID().toString();
        listen(survivor, "crosstalk-classics");
        listen(merged, "tech-weekly");

        PersonMerged merge = PersonMerged.newBuilder().setSurvivorPersonId(survivor).addMergedPersonIds(merged).build();
        deliver(merge);
        deliver(merge);
        assertEquals(2, fixtures.count("select count(*) from listening_event where person_id = ?", survivor));
        assertEquals(Set.of("crosstalk-classics", "tech-weekly"),
                fixtures.hash("recommendation:taste:person:" + survivor).keySet());

        deliver(PersonUnmerged.newBuilder().setPersonId(merged).setFormerSurvivorPersonId(survivor)
                .addRestoredPersonIds(merged).build());
        assertEquals(1, fixtures.count("select count(*) from listening_event where person_id = ?", merged));
        assertEquals(Set.of("tech-weekly"), fixtures.hash("recommendation:taste:person:" + merged).keySet());

        deliver(PersonErased.newBuilder().setPersonId(survivor).addErasedPersonIds(survivor).build());
        assertEquals(0, fixtures.count("select count(*) from listening_event where original_person_id = ?", survivor));
        assertFalse(fixtures.exists("recommendation:taste:person:" + survivor));
        assertEquals(1, fixtures.count("select count(*) from listening_event where person_id = ?", merged));

        deliver(ConsentChanged.newBuilder().setPersonId(merged)
                .setPurpose(ConsentPurpose.CONSENT_PURPOSE_PERSONALISATION).build());
        assertFalse(handler.handles("chezhu.identity.v1.LeadCreated"));
    }
}
