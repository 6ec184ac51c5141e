package dev.chezhu.identity.events;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.domain.IdentityEvent;
import dev.chezhu.identity.domain.IdentityEvents;
import dev.chezhu.platform.events.Outbox;
import dev.chezhu.platform.events.Topics;
import io.smallrye.mutiny.Uni;

/**
 * The events port on the shared transactional outbox (platform-events): each event is a row of
 * {@code outbox_event} written in the caller's transaction, relayed to the Redis stream
 * {@code chezhu:events:identity} after the commit. Subject {@code persons/{id}}; the payload is the
 * chezhu.identity.v1 event message, whose full name is the event type.
 */
@ApplicationScoped
public class OutboxIdentityEvents implements IdentityEvents {

    static final String PERSONS = "persons/";

    private final Outbox outbox;

    public OutboxIdentityEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Uni<Void> publish(IdentityEvent event) {
        return outbox.publish(Topics.IDENTITY, PERSONS + event.subject(), EventMessages.toProto(event));
    }
}
