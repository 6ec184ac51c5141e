package dev.chezhu.telematics.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Message;

import dev.chezhu.identity.v1.ConsentChanged;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.ConsentState;
import dev.chezhu.platform.events.Envelope;
import dev.chezhu.telematics.domain.ConsentCache;
import dev.chezhu.telematics.domain.ConsentDecision;
import dev.chezhu.telematics.persistence.ConsentAnswerCache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/**
 * A revocation reaches the cached consent answers through identity's ConsentChanged event, not
 * after the time-to-live: with a five-minute cache (real Redis), the next check after the event asks
 * identity again, for the person's vehicles only; other purposes change nothing.
 */
@QuarkusTest
class IdentityEventsHandlerTest {

    @Inject
    ConsentAnswerCache answers;

    private static String vin() {
        return ("LTE" + UUID.randomUUID().toString().replace("-", "").toUpperCase()).substring(0, 17);
    }

    private static Envelope envelope(Message payload) {
        return new Envelope(UUID.randomUUID(), Envelope.typeOf(payload), "identity-service", "persons/p",
                Instant.now(), null, payload.toByteString());
    }

    private static ConsentChanged changed(String person, ConsentPurpose purpose) {
        return ConsentChanged.newBuilder().setPersonId(person).setPurpose(purpose)
                .setState(ConsentState.CONSENT_STATE_REVOKED).build();
    }

    @Test
    void aConsentChangeForgetsTheCachedAnswersOfThePersonsVehiclesOnly() {
        String mine = vin();
        String another = vin();
        String person = UUID.randomUUID().toString();
        AtomicReference<ConsentDecision> identity = new AtomicReference<>(ConsentDecision.GRANTED);
        AtomicInteger asked = new AtomicInteger();
        ConsentCache cache = new ConsentCache(vin -> {
            asked.incrementAndGet();
            return Uni.createFrom().item(identity.get());
        }, answers, Duration.ofMinutes(5));
        IdentityEventsHandler handler = new IdentityEventsHandler(
                p -> Uni.createFrom().item(p.equals(person) ? List.of(mine) : List.of()), cache);

        assertEquals(ConsentDecision.GRANTED, cache.telemetryCollection(mine).await().indefinitely());
        assertEquals(ConsentDecision.GRANTED, cache.telemetryCollection(another).await().indefinitely());
        identity.set(ConsentDecision.NOT_GRANTED);
        assertEquals(ConsentDecision.GRANTED, cache.telemetryCollection(mine).await().indefinitely(), "cached");
        assertEquals(2, asked.get());

        handler.handle(envelope(changed(person, ConsentPurpose.CONSENT_PURPOSE_MARKETING))).await().indefinitely();
        assertEquals(ConsentDecision.GRANTED, cache.telemetryCollection(mine).await().indefinitely(),
                "another purpose changes nothing");

        Envelope revoked = envelope(changed(person, ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION));
        handler.handle(revoked).await().indefinitely();
        handler.handle(revoked).await().indefinitely();
        assertEquals(ConsentDecision.NOT_GRANTED, cache.telemetryCollection(mine).await().indefinitely(),
                "asked again at once after the event");
        assertEquals(ConsentDecision.GRANTED, cache.telemetryCollection(another).await().indefinitely(),
                "another person's vehicle keeps its answer");
        assertEquals(3, asked.get());
        cache.forget(List.of(mine, another)).await().indefinitely();
    }
}
