package dev.chezhu.recommendation.domain;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.recommendation.persistence.ListeningSignals;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/**
 * Recording a listening event: validate everything, check the caller may speak for the listener,
 * store the event once in PostgreSQL, then project it into the Redis signals. The projection runs
 * after the commit and is idempotent per event, so an event whose projection failed is projected
 * when the client resends it, and never twice.
 */
@ApplicationScoped
public class ListeningEvents {

    private final ListeningEventValidator validator;
    private final EventJournal journal;
    private final ListeningSignals signals;

    public ListeningEvents(ListeningEventValidator validator, EventJournal journal, ListeningSignals signals) {
        this.validator = validator;
        this.journal = journal;
        this.signals = signals;
    }

    @WithSpan("ListeningEvents.record")
    public Uni<ListeningEvent> record(RecordEventCommand command, Caller caller) {
        return Uni.createFrom().item(() -> validator.validate(command))
                .invoke(event -> ListenerAccess.check(caller, event.listener()))
                .flatMap(event -> journal.record(caller.subject(), event))
                .call(recorded -> recorded.projected() ? Uni.createFrom().voidItem() : project(recorded.event()))
                .map(Recorded::event);
    }

    private Uni<Void> project(ListeningEvent event) {
        return signals.apply(event.id(), event.itemId(), PopularityWeights.weight(event.type()),
                event.listener().keys())
                .flatMap(applied -> journal.markProjected(event.id()));
    }
}
