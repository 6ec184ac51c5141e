package dev.chezhu.recommendation.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import dev.chezhu.recommendation.domain.model.ListenerState;
import dev.chezhu.recommendation.persistence.CatalogueStore;
import dev.chezhu.recommendation.persistence.ListeningEventEntity;
import dev.chezhu.recommendation.persistence.ListeningEventStore;
import dev.chezhu.recommendation.persistence.ListeningSignals;
import dev.chezhu.recommendation.persistence.PersonAliases;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * A person's listening history as a whole: listing it (console), exporting it (data-subject
 * request), erasing it, and following identity's merges and splits. PostgreSQL changes commit first;
 * the Redis signals derived for the persons are then rebuilt from the stored events (or deleted), so
 * they never hold more than the events say.
 */
@ApplicationScoped
public class ListeningHistories {

    public static final int EXPORT_LIMIT = 100_000;

    /** A page of events. */
    public record EventPage(List<ListeningEvent> events, String nextPageToken) {
    }

    /** A person's export. */
    public record Export(List<ListeningEvent> events, Map<String, Double> preferences, Instant exportedAt) {
    }

    /** The outcome of an erasure. */
    public record Erased(long events, Instant erasedAt) {
    }

    private final ListeningEventStore events;
    private final CatalogueStore catalogue;
    private final ListeningSignals signals;
    private final PersonAliases aliases;
    private final ConsentGate consent;
    private final ListenerProfiles profiles;
    private final Clock clock;

    public ListeningHistories(ListeningEventStore events, CatalogueStore catalogue, ListeningSignals signals,
            PersonAliases aliases, ConsentGate consent, ListenerProfiles profiles, Clock clock) {
        this.events = events;
        this.catalogue = catalogue;
        this.signals = signals;
        this.aliases = aliases;
        this.consent = consent;
        this.profiles = profiles;
        this.clock = clock;
    }

    @WithSpan("ListeningHistories.list")
    @WithSession
    public Uni<EventPage> list(String parent, int pageSize, String pageToken, Caller caller) {
        return Uni.createFrom().item(() -> {
            Violations violations = new Violations();
            Optional<String> person = parent != null && parent.startsWith(ResourceNames.PERSONS)
                    ? ResourceNames.person(parent, "parent", violations) : Optional.empty();
            Optional<String> vin = parent != null && parent.startsWith(ResourceNames.VEHICLES)
                    ? ResourceNames.vehicle(parent, "parent", violations) : Optional.empty();
            if (person.isEmpty() && vin.isEmpty() && violations.isEmpty()) {
                violations.add("parent", "required: persons/{person_id} or vehicles/{vin}");
            }
            violations.throwIfAny("INVALID_LISTENING_EVENTS_REQUEST");
            ListenerAccess.check(caller, new Listener(person, vin));
            return new Listener(person, vin);
        }).flatMap(listener -> {
            int size = CatalogueValidator.pageSize(pageSize);
            String cursor = CatalogueValidator.decodeToken(pageToken);
            Instant before = null;
            String beforeId = null;
            if (cursor != null) {
                int bar = cursor.indexOf('|');
                try {
                    long micros = Long.parseLong(cursor.substring(0, bar));
                    before = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                            Math.floorMod(micros, 1_000_000L) * 1000);
                    beforeId = cursor.substring(bar + 1);
                } catch (RuntimeException e) {
                    new Violations().add("page_token", "not a token this service issued").throwIfAny("INVALID_PAGE");
                }
            }
            return events.page(listener.personId().orElse(null), listener.vin().orElse(null), before, beforeId,
                    size + 1).map(rows -> {
                        boolean more = rows.size() > size;
                        List<ListeningEventEntity> page = more ? rows.subList(0, size) : rows;
                        String next = "";
                        if (more) {
                            ListeningEventEntity last = page.get(page.size() - 1);
                            long micros = last.eventTime.getEpochSecond() * 1_000_000L + last.eventTime.getNano() / 1000;
                            next = CatalogueValidator.encodeToken(micros + "|" + last.id);
                        }
                        return new EventPage(page.stream().map(EventJournal::toDomain).toList(), next);
                    });
        });
    }

    @WithSpan("ListeningHistories.export")
    @WithSession
    public Uni<Export> export(String person) {
        String id = personId(person, "person");
        Span.current().setAttribute("person.id", id);
        return events.forPersons(List.of(id), EXPORT_LIMIT).flatMap(rows -> signals.preferences("person:" + id)
                .map(preferences -> {
                    List<ListeningEvent> newestFirst = new ArrayList<>(rows.stream().map(EventJournal::toDomain).toList());
                    java.util.Collections.reverse(newestFirst);
                    return new Export(newestFirst, preferences, clock.instant());
                }));
    }

    @WithSpan("ListeningHistories.erase")
    public Uni<Erased> erase(String requestId, String person, Caller caller) {
        String id = personId(person, "person");
        Violations violations = new Violations();
        violations.require(requestId != null && requestId.matches("^[\\x21-\\x7e]{1,128}$"), "request_id",
                "required: 1-128 printable ASCII characters");
        violations.throwIfAny("INVALID_ERASE_REQUEST");
        return previousErasure(caller.subject(), requestId).flatMap(previous -> {
            if (previous.isPresent()) {
                return Uni.createFrom().item(previous.get());
            }
            return eraseHistory(List.of(id)).flatMap(count -> recordErasure(caller.subject(), requestId, id, count));
        });
    }

    @WithSession
    Uni<Optional<Erased>> previousErasure(String caller, String requestId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                "select erased_events, (extract(epoch from erased_at) * 1000)::bigint from erasure "
                        + "where caller = :caller and request_id = :rid", Object[].class)
                .setParameter("caller", caller).setParameter("rid", requestId).getSingleResultOrNull())
                .map(row -> row == null ? Optional.empty()
                        : Optional.of(new Erased(((Number) row[0]).longValue(),
                                Instant.ofEpochMilli(((Number) row[1]).longValue()))));
    }

    @WithTransaction
    Uni<Erased> recordErasure(String caller, String requestId, String personId, long count) {
        // stored and read back at millisecond precision: a resend answers exactly like the first call
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                "insert into erasure (caller, request_id, person_id, erased_events, erased_at) "
                        + "values (:caller, :rid, :person, :count, :at) on conflict do nothing")
                .setParameter("caller", caller).setParameter("rid", requestId).setParameter("person", personId)
                .setParameter("count", count).setParameter("at", now).executeUpdate())
                .replaceWith(new Erased(count, now));
    }

    /**
     * Deletes every event recorded for or counting for the persons, their Redis signals, aliases and
     * cached identity answers, and takes their events back out of the popularity board. Idempotent.
     * The next training learns without them.
     */
    @WithSpan("ListeningHistories.eraseHistory")
    public Uni<Long> eraseHistory(Collection<String> personIds) {
        return deleteEvents(personIds).flatMap(weights -> signals.subtractPopularity(weights.weights())
                .call(() -> signals.forget(personIds.stream().map(id -> "person:" + id).toList()))
                .call(() -> aliases.remove(personIds))
                .call(() -> forgetIdentity(personIds))
                .replaceWith((long) weights.count()));
    }

    record Deleted(int count, Map<String, Double> weights) {
    }

    @WithTransaction
    Uni<Deleted> deleteEvents(Collection<String> personIds) {
        return events.touching(personIds).flatMap(rows -> {
            Map<String, Double> weights = new HashMap<>();
            for (ListeningEventEntity row : rows) {
                if (row.projectedAt != null) {
                    weights.merge(row.itemId, PopularityWeights.weight(EventType.valueOf(row.type)), Double::sum);
                }
            }
            return events.deleteTouching(personIds).map(n -> new Deleted(rows.size(), weights));
        });
    }

    /**
     * Identity merged persons into a survivor: their events now count for the survivor (and remember
     * whom they were recorded for), their IDs become aliases of it, and the survivor's signals are
     * rebuilt from all of its events. Idempotent.
     */
    @WithSpan("ListeningHistories.mergeHistories")
    public Uni<Void> mergeHistories(@SpanAttribute("person.id") String survivor, Collection<String> merged) {
        List<String> others = merged.stream().filter(id -> !id.equals(survivor)).distinct().toList();
        if (others.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return mergeInTransaction(survivor, others)
                .call(() -> aliases.point(others, survivor))
                .call(() -> signals.forget(others.stream().map(id -> "person:" + id).toList()))
                .call(() -> forgetIdentity(all(survivor, others)))
                .call(() -> rebuild(survivor))
                .replaceWithVoid();
    }

    @WithTransaction
    Uni<Integer> mergeInTransaction(String survivor, List<String> merged) {
        return events.merge(survivor, merged);
    }

    /** Identity split persons out of a former survivor: each gets back the events recorded for it. Idempotent. */
    @WithSpan("ListeningHistories.splitHistories")
    public Uni<Void> splitHistories(@SpanAttribute("person.id") String formerSurvivor, Collection<String> restored) {
        List<String> others = restored.stream().filter(id -> !id.equals(formerSurvivor)).distinct().toList();
        if (others.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> rebuilt = splitInTransaction(formerSurvivor, others).replaceWithVoid()
                .call(() -> aliases.remove(others))
                .call(() -> forgetIdentity(all(formerSurvivor, others)))
                .call(() -> rebuild(formerSurvivor));
        for (String id : others) {
            rebuilt = rebuilt.call(() -> rebuild(id));
        }
        return rebuilt;
    }

    @WithTransaction
    Uni<Integer> splitInTransaction(String formerSurvivor, List<String> restored) {
        return events.split(formerSurvivor, restored);
    }

    /** The person's consent changed: the next request asks identity again. */
    public Uni<Void> consentChanged(String personId) {
        return consent.forget(personId);
    }

    /** Rebuilds a person's Redis signals from the events that count for them. */
    @WithSession
    Uni<Void> rebuild(String personId) {
        // one session runs one query at a time: read the events, then the catalogue
        return events.forPersons(List.of(personId), EXPORT_LIMIT)
                .flatMap(rows -> catalogue.all(true).map(items -> io.smallrye.mutiny.tuples.Tuple2.of(rows, items)))
                .flatMap(t -> {
                    Map<String, CatalogueItem> items = new HashMap<>();
                    t.getItem2().forEach(item -> items.put(item.id(), item));
                    ListenerState.Builder state = new ListenerState.Builder();
                    List<String> newestFirst = new ArrayList<>();
                    for (ListeningEventEntity row : t.getItem1()) {
                        CatalogueItem item = items.get(row.itemId);
                        if (item == null) {
                            continue;
                        }
                        ListeningEvent event = EventJournal.toDomain(row);
                        state.add(item.id(), item.kind(), item.duration(), event.type(), event.listened(),
                                event.context());
                        newestFirst.add(0, item.id());
                    }
                    ListenerState built = state.build(List.of(), false);
                    Set<String> distinct = new LinkedHashSet<>(newestFirst);
                    return signals.replace("person:" + personId, built.preferences(), built.contextCounts(),
                            new ArrayList<>(distinct));
                });
    }

    private Uni<Void> forgetIdentity(Collection<String> personIds) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String id : personIds) {
            all = all.call(() -> consent.forget(id)).call(() -> profiles.forget(id));
        }
        return all;
    }

    private static List<String> all(String one, List<String> others) {
        List<String> all = new ArrayList<>(others);
        all.add(one);
        return all;
    }

    private static String personId(String name, String field) {
        Violations violations = new Violations();
        Optional<String> id = ResourceNames.person(name, field, violations);
        if (id.isEmpty() && violations.isEmpty()) {
            violations.add(field, "required: persons/{person_id}");
        }
        violations.throwIfAny("INVALID_PERSON");
        return id.orElseThrow();
    }
}
