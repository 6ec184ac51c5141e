package dev.chezhu.telematics.events;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.v1.ConsentChanged;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.platform.events.Envelope;
import dev.chezhu.platform.events.EventHandler;
import dev.chezhu.platform.events.Topics;
import dev.chezhu.telematics.domain.ConsentCache;
import dev.chezhu.telematics.domain.OwnedVehicles;
import io.smallrye.mutiny.Uni;

/**
 * identity's ConsentChanged for telemetry collection: the cached consent answers of the person's
 * vehicles are forgotten, so a revocation stops storage at the next batch instead of after the
 * cache's time-to-live (and a new grant starts it). Forgetting twice is harmless, so redeliveries are
 * too. Only the consent cache changes: nothing telematics stores names a person.
 */
@ApplicationScoped
public class IdentityEventsHandler implements EventHandler {

    private static final String CONSENT_CHANGED = Envelope.typeOf(ConsentChanged.getDefaultInstance());

    private final OwnedVehicles vehicles;
    private final ConsentCache consent;

    public IdentityEventsHandler(OwnedVehicles vehicles, ConsentCache consent) {
        this.vehicles = vehicles;
        this.consent = consent;
    }

    @Override
    public String topic() {
        return Topics.IDENTITY;
    }

    @Override
    public boolean handles(String type) {
        return CONSENT_CHANGED.equals(type);
    }

    @Override
    public Uni<Void> handle(Envelope event) {
        ConsentChanged changed = event.payloadAs(ConsentChanged.parser());
        if (changed.getPurpose() != ConsentPurpose.CONSENT_PURPOSE_TELEMETRY_COLLECTION) {
            return Uni.createFrom().voidItem();
        }
        return vehicles.vinsOf(changed.getPersonId()).flatMap(consent::forget);
    }
}
