package dev.chezhu.identity.domain;

import io.smallrye.mutiny.Uni;

/**
 * Port: publishes an event in the caller's transaction (transactional outbox), so the event exists
 * if and only if the change it reports was committed. Implemented in the {@code events} package.
 */
public interface IdentityEvents {

    Uni<Void> publish(IdentityEvent event);

    /** Several events, in order, in the caller's transaction. */
    default Uni<Void> publishAll(java.util.List<IdentityEvent> events) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (IdentityEvent event : events) {
            chain = chain.flatMap(v -> publish(event));
        }
        return chain;
    }
}
