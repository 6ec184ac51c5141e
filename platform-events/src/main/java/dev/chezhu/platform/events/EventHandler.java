package dev.chezhu.platform.events;

import io.smallrye.mutiny.Uni;

/**
 * Implemented by a service's {@code @ApplicationScoped} beans to consume events of one topic. The
 * library runs one consumer group per service ({@code quarkus.application.name}) and calls
 * {@link #handle} inside a Hibernate Reactive transaction that also records the event in the inbox:
 * use {@code Panache.getSession()} (or repositories) to join it, and the handler's writes commit
 * exactly once per event. A failure rolls everything back and the event is retried with backoff,
 * then dead-lettered. Several handlers of one topic that handle the same type run one after the
 * other in the same transaction.
 */
public interface EventHandler {

    /** The topic to consume, e.g. {@link Topics#IDENTITY}. */
    String topic();

    /** Whether this handler wants events of the given protobuf type (see {@link Envelope#typeOf}). */
    boolean handles(String type);

    /** Applies the event; runs in the consumer's transaction, must not commit on its own. */
    Uni<Void> handle(Envelope event);
}
