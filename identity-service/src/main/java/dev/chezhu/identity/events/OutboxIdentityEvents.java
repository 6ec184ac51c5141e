package dev.chezhu.identity.events;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Message;

import dev.chezhu.identity.domain.IdentityEvent;
import dev.chezhu.identity.domain.IdentityEvents;
import dev.chezhu.identity.persistence.OutboxStore;
import io.smallrye.mutiny.Uni;

/**
 * The events port on this service's own transactional outbox (table identity_event_outbox, written
 * in the caller's transaction). When the shared platform-events module is available, this becomes
 * {@code outbox.publish(TOPIC, event.subject(), EventMessages.toProto(event))}.
 */
@ApplicationScoped
public class OutboxIdentityEvents implements IdentityEvents {

    private final OutboxStore outbox;
    private final Clock clock;

    public OutboxIdentityEvents(OutboxStore outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public Uni<Void> publish(IdentityEvent event) {
        Message payload = EventMessages.toProto(event);
        return outbox.append(TOPIC, event.subject(), payload.getDescriptorForType().getFullName(), payload.toByteArray(),
                clock.instant());
    }
}
