package dev.chezhu.recommendation.events;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.v1.ConsentChanged;
import dev.chezhu.identity.v1.ConsentPurpose;
import dev.chezhu.identity.v1.PersonErased;
import dev.chezhu.identity.v1.PersonMerged;
import dev.chezhu.identity.v1.PersonUnmerged;
import dev.chezhu.platform.events.Envelope;
import dev.chezhu.platform.events.EventHandler;
import dev.chezhu.platform.events.Topics;
import dev.chezhu.recommendation.domain.ListeningHistories;
import io.smallrye.mutiny.Uni;

/**
 * identity-service's events, consumed once each (the library's inbox): merges merge listening
 * histories, unmerges split them again, erasure deletes them, a changed personalisation consent is
 * asked again at the next request. Every step is idempotent, so a redelivery changes nothing.
 */
@ApplicationScoped
public class IdentityEventsHandler implements EventHandler {

    static final Set<String> TYPES = Set.of(Envelope.typeOf(PersonMerged.getDefaultInstance()),
            Envelope.typeOf(PersonUnmerged.getDefaultInstance()), Envelope.typeOf(PersonErased.getDefaultInstance()),
            Envelope.typeOf(ConsentChanged.getDefaultInstance()));

    private final ListeningHistories histories;

    public IdentityEventsHandler(ListeningHistories histories) {
        this.histories = histories;
    }

    @Override
    public String topic() {
        return Topics.IDENTITY;
    }

    @Override
    public boolean handles(String type) {
        return TYPES.contains(type);
    }

    @Override
    public Uni<Void> handle(Envelope event) {
        if (event.is(PersonMerged.getDefaultInstance())) {
            PersonMerged merged = event.payloadAs(PersonMerged.parser());
            return histories.mergeHistories(merged.getSurvivorPersonId(), merged.getMergedPersonIdsList());
        }
        if (event.is(PersonUnmerged.getDefaultInstance())) {
            PersonUnmerged unmerged = event.payloadAs(PersonUnmerged.parser());
            List<String> restored = unmerged.getRestoredPersonIdsList().isEmpty() ? List.of(unmerged.getPersonId())
                    : unmerged.getRestoredPersonIdsList();
            return histories.splitHistories(unmerged.getFormerSurvivorPersonId(), restored);
        }
        if (event.is(PersonErased.getDefaultInstance())) {
            PersonErased erased = event.payloadAs(PersonErased.parser());
            java.util.Set<String> ids = new java.util.LinkedHashSet<>(erased.getErasedPersonIdsList());
            ids.add(erased.getPersonId());
            return histories.eraseHistory(List.copyOf(ids)).replaceWithVoid();
        }
        ConsentChanged changed = event.payloadAs(ConsentChanged.parser());
        if (changed.getPurpose() != ConsentPurpose.CONSENT_PURPOSE_PERSONALISATION) {
            return Uni.createFrom().voidItem();
        }
        return histories.consentChanged(changed.getPersonId());
    }
}
