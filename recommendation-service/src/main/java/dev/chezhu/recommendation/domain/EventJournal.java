package dev.chezhu.recommendation.domain;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.recommendation.persistence.CatalogueStore;
import dev.chezhu.recommendation.persistence.ListeningEventEntity;
import dev.chezhu.recommendation.persistence.ListeningEventStore;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Stores listening events exactly once per (caller, request_id). Writers of one request_id are
 * serialised by an advisory lock, so racing resends store one row; a resend is answered from that
 * row before the item is looked at again, so it succeeds even if the item was retired meanwhile.
 */
@ApplicationScoped
public class EventJournal {

    private final ListeningEventStore events;
    private final CatalogueStore catalogue;
    private final Clock clock;

    public EventJournal(ListeningEventStore events, CatalogueStore catalogue, Clock clock) {
        this.events = events;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    @WithSpan("EventJournal.record")
    @WithTransaction
    public Uni<Recorded> record(String caller, NewListeningEvent event) {
        Span.current().setAttribute("item.id", event.itemId());
        event.listener().personId().ifPresent(id -> Span.current().setAttribute("person.id", id));
        return events.lock("listening-event:" + caller + ':' + event.requestId())
                .flatMap(v -> events.findByRequest(caller, event.requestId()))
                .flatMap(existing -> existing.isPresent() ? replay(existing.get(), event) : recordNew(caller, event));
    }

    private Uni<Recorded> replay(ListeningEventEntity stored, NewListeningEvent resent) {
        if (!stored.requestHash.equals(resent.fingerprint())) {
            return Uni.createFrom().failure(ServiceException.alreadyExists("REQUEST_ID_REUSED",
                    "request_id was already used for a different listening event; use a new request_id per event"));
        }
        if (stored.projectedAt != null) {
            return Uni.createFrom().item(new Recorded(toDomain(stored), null, countsFor(stored), true, true));
        }
        return catalogue.find(stored.itemId).map(item -> new Recorded(toDomain(stored), item.orElse(null),
                countsFor(stored), true, false));
    }

    private static Listener countsFor(ListeningEventEntity row) {
        return new Listener(Optional.ofNullable(row.personId), Optional.ofNullable(row.vin));
    }

    /** A merged person's events are recorded for the survivor (and remember whom they were sent for). */
    private Uni<Optional<String>> survivor(NewListeningEvent event) {
        return event.listener().personId().isEmpty() ? Uni.createFrom().item(Optional.empty())
                : events.survivorOf(event.listener().personId().get());
    }

    private Uni<Recorded> recordNew(String caller, NewListeningEvent event) {
        return catalogue.find(event.itemId()).flatMap(item -> survivor(event).flatMap(survivor -> {
            if (item.isEmpty()) {
                return Uni.createFrom().failure(
                        ServiceException.notFound("ITEM_NOT_FOUND", ResourceNames.ITEMS + event.itemId()));
            }
            if (item.get().retired()) {
                return Uni.createFrom().failure(ServiceException.failedPrecondition("ITEM_RETIRED",
                        ResourceNames.ITEMS + event.itemId() + " is retired and takes no new events"));
            }
            ListeningEventEntity row = new ListeningEventEntity();
            row.id = UUID.randomUUID().toString();
            row.caller = caller;
            row.requestId = event.requestId();
            row.requestHash = event.fingerprint();
            row.originalPersonId = event.listener().personId().orElse(null);
            row.personId = survivor.orElse(row.originalPersonId);
            row.vin = event.listener().vin().orElse(null);
            row.itemId = event.itemId();
            row.type = event.type().name();
            row.listenedMs = event.listened().toMillis();
            row.place = event.context().place().name();
            row.dayPart = event.context().dayPart().name();
            row.drivingState = event.context().drivingState().name();
            row.eventTime = event.eventTime();
            row.receivedAt = clock.instant();
            return events.insert(row).map(stored -> new Recorded(toDomain(stored), item.get(), countsFor(stored),
                    false, false));
        }));
    }

    @WithSpan("EventJournal.markProjected")
    @WithTransaction
    public Uni<Void> markProjected(@SpanAttribute("listening_event.id") String eventId) {
        return events.markProjected(eventId, clock.instant());
    }

    public static ListeningEvent toDomain(ListeningEventEntity row) {
        String person = row.originalPersonId != null ? row.originalPersonId : row.personId;
        return new ListeningEvent(row.id, new Listener(Optional.ofNullable(person), Optional.ofNullable(row.vin)),
                row.itemId, EventType.valueOf(row.type), Duration.ofMillis(row.listenedMs),
                new ListeningContext(ListeningContext.Place.valueOf(row.place),
                        ListeningContext.DayPart.valueOf(row.dayPart),
                        ListeningContext.DrivingState.valueOf(row.drivingState)),
                row.eventTime);
    }
}
