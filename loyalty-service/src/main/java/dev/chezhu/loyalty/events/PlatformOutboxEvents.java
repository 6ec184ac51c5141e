package dev.chezhu.loyalty.events;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Message;

import dev.chezhu.loyalty.domain.LoyaltyEvents;
import dev.chezhu.platform.events.Outbox;
import dev.chezhu.platform.events.Topics;
import io.smallrye.mutiny.Uni;

/**
 * Events through the shared transactional outbox of platform-events (table {@code outbox_event},
 * relayed to the Redis stream {@code chezhu:events:loyalty}), in the caller's transaction. The
 * subject is the person, as {@code persons/{person_id}}.
 */
@ApplicationScoped
public class PlatformOutboxEvents implements LoyaltyEvents {

    private final Outbox outbox;

    public PlatformOutboxEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Uni<Void> publish(String personId, Message event) {
        return outbox.publish(Topics.LOYALTY, subject(personId), event);
    }

    public static String subject(String personId) {
        return "persons/" + personId;
    }
}
