package dev.chezhu.loyalty.domain;

import com.google.protobuf.Message;

import io.smallrye.mutiny.Uni;

/**
 * Publishes the service's events (topic {@value #TOPIC}, messages of {@code loyalty_events.proto}) in
 * the caller's transaction: an event is published if and only if the change it reports commits.
 */
public interface LoyaltyEvents {

    String TOPIC = "loyalty";

    /** Publishes one event about a subject (a person ID unless the event says otherwise). */
    Uni<Void> publish(String subject, Message event);
}
