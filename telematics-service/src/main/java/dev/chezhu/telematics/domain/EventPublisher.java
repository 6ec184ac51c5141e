package dev.chezhu.telematics.domain;

import com.google.protobuf.Message;

import io.smallrye.mutiny.Uni;

/**
 * Port for domain events. Must be called inside the transaction of the change the event reports
 * (transactional outbox): the event exists if and only if the change committed.
 */
public interface EventPublisher {

    /** Topic of every event this service publishes. */
    String TOPIC = "telematics";

    Uni<Void> publish(String topic, String subject, Message payload);
}
