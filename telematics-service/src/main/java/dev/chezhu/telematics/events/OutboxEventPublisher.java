package dev.chezhu.telematics.events;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Message;

import dev.chezhu.platform.events.Outbox;
import dev.chezhu.telematics.domain.EventPublisher;
import io.smallrye.mutiny.Uni;

/** Events go through the platform outbox, in the caller's transaction, and on to Redis Streams. */
@ApplicationScoped
public class OutboxEventPublisher implements EventPublisher {

    private final Outbox outbox;

    public OutboxEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Uni<Void> publish(String topic, String subject, Message payload) {
        return outbox.publish(topic, subject, payload);
    }
}
