package dev.chezhu.recommendation.domain;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.recommendation.config.RecommendationConfig;
import dev.chezhu.recommendation.domain.model.ImplicitFeedback;
import dev.chezhu.recommendation.domain.model.ListenerState;
import dev.chezhu.recommendation.persistence.ListeningSignals;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/**
 * Recording a listening event: validate everything, check the caller may speak for the listener,
 * store the event once in PostgreSQL, then project it into the Redis signals — the popularity board,
 * the listener's recent plays, preference and context history, and (a skip or dislike) this drive's
 * skips, which demote the item and its neighbours on the very next request. The projection runs
 * after the commit and is idempotent per event, so an event whose projection failed is projected
 * when the client resends it, and never twice.
 */
@ApplicationScoped
public class ListeningEvents {

    private final ListeningEventValidator validator;
    private final EventJournal journal;
    private final ListeningSignals signals;
    private final RecommendationConfig config;
    private final Clock clock;

    public ListeningEvents(ListeningEventValidator validator, EventJournal journal, ListeningSignals signals,
            RecommendationConfig config, Clock clock) {
        this.validator = validator;
        this.journal = journal;
        this.signals = signals;
        this.config = config;
        this.clock = clock;
    }

    @WithSpan("ListeningEvents.record")
    public Uni<ListeningEvent> record(RecordEventCommand command, Caller caller) {
        return Uni.createFrom().item(() -> validator.validate(command))
                .invoke(event -> ListenerAccess.check(caller, event.listener()))
                .flatMap(event -> journal.record(caller.subject(), event))
                .call(recorded -> recorded.projected() || recorded.item() == null ? Uni.createFrom().voidItem()
                        : project(recorded))
                .map(Recorded::event);
    }

    private Uni<Void> project(Recorded recorded) {
        ListeningEvent event = recorded.event();
        CatalogueItem item = recorded.item();
        boolean skip = event.type() == EventType.SKIPPED || event.type() == EventType.DISLIKED;
        boolean thisDrive = !event.eventTime().isBefore(clock.instant().minus(config.driveSessionTtl()));
        ListeningSignals.Projection projection = new ListeningSignals.Projection(event.id(), item.id(),
                PopularityWeights.weight(event.type()), recorded.countsFor().keys(),
                ImplicitFeedback.preference(event.type(), event.listened(), item.duration()),
                ListenerState.contextUpdates(item.kind(), item.duration(), event.type(), event.listened(),
                        event.context()),
                skip && thisDrive, event.eventTime().toEpochMilli());
        return signals.apply(projection).flatMap(applied -> journal.markProjected(event.id()));
    }
}
