package dev.chezhu.identity.domain;

import io.smallrye.mutiny.Uni;

/**
 * Port: publishes an event in the caller's transaction (transactional outbox), so the event exists
 * if and only if the change it reports was committed. Implemented in the {@code events} package.
 */
public interface IdentityEvents {

    /** Topic of every identity event. */
    String TOPIC = "identity";

    Uni<Void> publish(IdentityEvent event);
}
