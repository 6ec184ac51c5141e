package dev.chezhu.loyalty.events;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.v1.PersonErased;
import dev.chezhu.identity.v1.PersonMerged;
import dev.chezhu.identity.v1.PersonUnmerged;
import dev.chezhu.loyalty.domain.AccountMerges;
import dev.chezhu.platform.events.Envelope;
import dev.chezhu.platform.events.EventHandler;
import dev.chezhu.platform.events.Topics;
import io.smallrye.mutiny.Uni;

/**
 * Accounts follow identity: PersonMerged merges the merged IDs' accounts into the survivor's,
 * PersonUnmerged splits them back, PersonErased closes the erased accounts. Runs in the consumer's
 * transaction (with the inbox row); every effect is also idempotent on its own (merge keys, states).
 */
@ApplicationScoped
public class IdentityEventHandler implements EventHandler {

    private static final String MERGED = Envelope.typeOf(PersonMerged.getDefaultInstance());
    private static final String UNMERGED = Envelope.typeOf(PersonUnmerged.getDefaultInstance());
    private static final String ERASED = Envelope.typeOf(PersonErased.getDefaultInstance());

    private final AccountMerges merges;

    public IdentityEventHandler(AccountMerges merges) {
        this.merges = merges;
    }

    @Override
    public String topic() {
        return Topics.IDENTITY;
    }

    @Override
    public boolean handles(String type) {
        return MERGED.equals(type) || UNMERGED.equals(type) || ERASED.equals(type);
    }

    @Override
    public Uni<Void> handle(Envelope event) {
        if (MERGED.equals(event.type())) {
            PersonMerged merged = event.payloadAs(PersonMerged.parser());
            String key = merged.getRequestId().isEmpty() ? event.eventId().toString() : merged.getRequestId();
            return merges.onPersonMerged(merged.getSurvivorPersonId(), merged.getMergedPersonIdsList(), key);
        }
        if (UNMERGED.equals(event.type())) {
            PersonUnmerged unmerged = event.payloadAs(PersonUnmerged.parser());
            return merges.onPersonUnmerged(unmerged.getPersonId()).replaceWithVoid();
        }
        PersonErased erased = event.payloadAs(PersonErased.parser());
        java.util.List<String> ids = new java.util.ArrayList<>(erased.getErasedPersonIdsList());
        if (!ids.contains(erased.getPersonId())) {
            ids.add(0, erased.getPersonId());
        }
        return merges.onPersonErased(ids);
    }
}
