package dev.chezhu.identity.domain;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.domain.Consent.Channel;
import dev.chezhu.identity.domain.Consent.Decision;
import dev.chezhu.identity.domain.Consent.Entry;
import dev.chezhu.identity.domain.Consent.Purpose;
import dev.chezhu.identity.persistence.ConsentCache;
import dev.chezhu.identity.persistence.ConsentStore;
import dev.chezhu.identity.persistence.PersonStore;
import dev.chezhu.identity.persistence.VehicleOwnerCache;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Purpose-bound consent: record (append-only, idempotent, an event per record), check (from Redis,
 * refilled from PostgreSQL on a miss, evicted on every change), list current and history.
 */
@ApplicationScoped
public class Consents {

    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;

    /** The result of recording a consent. */
    public record RecordResult(Consent.Record record, boolean replayed) {
    }

    private record Recorded(RecordResult result, CacheEvictions evictions) {
    }

    /** Current consents and one page of history. */
    public record Listing(List<Consent.Status> current, List<Consent.Record> history, String nextPageToken) {
    }

    private final ConsentStore store;
    private final PersonStore persons;
    private final PersonLocks locks;
    private final ConsentCache cache;
    private final VehicleOwnerCache owners;
    private final IdentityEvents events;
    private final dev.chezhu.identity.persistence.CacheInvalidation invalidation;
    private final Clock clock;

    public Consents(ConsentStore store, PersonStore persons, PersonLocks locks, ConsentCache cache,
            VehicleOwnerCache owners, IdentityEvents events, dev.chezhu.identity.persistence.CacheInvalidation invalidation,
            Clock clock) {
        this.store = store;
        this.persons = persons;
        this.locks = locks;
        this.cache = cache;
        this.owners = owners;
        this.events = events;
        this.invalidation = invalidation;
        this.clock = clock;
    }

    @WithSpan("Consents.record")
    public Uni<RecordResult> record(Consent.RecordCommand command, Caller caller) {
        return Uni.createFrom().item(() -> validate(command))
                .flatMap(valid -> Retries.onConflict(() -> recordInTransaction(valid, recordedBy(caller))))
                .call(recorded -> invalidation.evict(recorded.evictions()))
                .map(Recorded::result);
    }

    private static String recordedBy(Caller caller) {
        return caller.clientId().isEmpty() ? caller.subject() : caller.clientId();
    }

    private Consent.RecordCommand validate(Consent.RecordCommand command) {
        Violations violations = new Violations();
        violations.require(command.requestId() != null && ObservationValidator.REQUEST_ID.matcher(command.requestId())
                .matches(), "request_id", "required: 1-128 printable ASCII characters");
        violations.require(command.purpose() != null, "purpose", "required: a known purpose");
        violations.require(command.channel() != null, "channel", "must be a known channel");
        violations.require(command.state() != null, "state", "required: GRANTED, DENIED or REVOKED");
        violations.require(command.source() != null && ObservationValidator.SOURCE.matcher(command.source()).matches(),
                "source", ObservationValidator.SOURCE_DESCRIPTION);
        if (command.purpose() != null && command.channel() != null && command.channel() != Channel.ALL
                && !command.purpose().hasChannels()) {
            violations.add("channel", "only marketing consents are per channel; leave the channel unspecified");
        }
        Instant now = clock.instant();
        Instant recordedAt = command.recordedAt() == null ? now : command.recordedAt();
        violations.require(!recordedAt.isAfter(now.plus(MAX_CLOCK_SKEW)), "record_time", "must not be in the future");
        if (command.expiresAt() != null) {
            violations.require(command.state() == Consent.State.GRANTED, "expire_time", "only a grant expires");
            violations.require(command.expiresAt().isAfter(recordedAt), "expire_time", "must be after record_time");
        }
        violations.throwIfAny("INVALID_CONSENT");
        return new Consent.RecordCommand(command.requestId(), command.personId(), command.purpose(), command.channel(),
                command.state(), command.source(), recordedAt, command.expiresAt());
    }

    @WithTransaction
    Uni<Recorded> recordInTransaction(Consent.RecordCommand command, String recordedBy) {
        Instant now = clock.instant();
        return store.findByRequest(command.requestId()).flatMap(earlier -> {
            if (earlier.isPresent()) {
                return Uni.createFrom().item(new Recorded(new RecordResult(earlier.get(), true), CacheEvictions.NONE));
            }
            return locks.lockRoot(command.personId(), false).flatMap(root -> store.latest(root).flatMap(latest -> {
                Map<String, Entry> byField = byField(latest);
                Consent.State previous = ConsentPolicy.previous(byField, command.purpose(), command.channel());
                return store.insert(root, command, recordedBy, now).flatMap(inserted -> {
                    if (inserted.isEmpty()) {
                        return store.findByRequest(command.requestId()).map(r -> new Recorded(
                                new RecordResult(r.orElseThrow(), true), CacheEvictions.NONE));
                    }
                    Consent.Record record = inserted.get();
                    return events.publish(new IdentityEvent.ConsentChanged(root, record.purpose(), record.channel(),
                            record.state(), previous, record.source(), record.recordedAt(), record.expiresAt()))
                            .flatMap(v -> persons.members(root))
                            .map(members -> new Recorded(new RecordResult(record, false),
                                    CacheEvictions.of(List.of(), members, List.of())));
                });
            }));
        });
    }

    private static Map<String, Entry> byField(List<Entry> latest) {
        Map<String, Entry> byField = new HashMap<>();
        latest.forEach(e -> byField.put(ConsentPolicy.field(e.purpose(), e.channel()), e));
        return byField;
    }

    /** Whether the person grants the purpose (on the channel) now. */
    @WithSpan("Consents.check")
    public Uni<Decision> check(@SpanAttribute("person.id") String personId, Purpose purpose, Channel channel) {
        List<String> fields = channel == Channel.ALL ? List.of(ConsentPolicy.field(purpose, Channel.ALL))
                : List.of(ConsentPolicy.field(purpose, channel), ConsentPolicy.field(purpose, Channel.ALL));
        return cache.get(personId, fields).flatMap(hit -> {
            if (hit.isPresent()) {
                return Uni.createFrom().item(ConsentPolicy.decide(hit.get().entries(), purpose, channel, clock.instant()));
            }
            return cache.generation(personId).flatMap(generation -> load(personId)
                    .call(loaded -> cache.fill(personId, generation, loaded.root(), loaded.latest()))
                    .map(loaded -> ConsentPolicy.decide(byField(loaded.latest()), purpose, channel, clock.instant())));
        });
    }

    private record Loaded(String root, List<Entry> latest) {
    }

    @WithSession
    Uni<Loaded> load(String personId) {
        return locks.rootOf(personId).flatMap(root -> store.latest(root).map(latest -> new Loaded(root, latest)));
    }

    /** Whether the owners of a vehicle grant the purpose: a refusal of any owner wins, then a grant. */
    @WithSpan("Consents.checkVehicle")
    public Uni<Decision> checkVehicle(String vin, Purpose purpose, Channel channel) {
        return owners.get(vin).flatMap(entry -> entry.owners().isPresent() ? Uni.createFrom().item(entry.owners().get())
                : ownersOf(vin).call(found -> owners.fill(vin, entry.generation(), found)))
                .flatMap(found -> found.isEmpty() ? Uni.createFrom().item(ConsentPolicy.decideForVehicle(List.of()))
                        : Multi.createFrom().iterable(found)
                                .onItem().transformToUniAndConcatenate(owner -> check(owner, purpose, channel)
                                        .onFailure(ServiceException.class).recoverWithNull())
                                .filter(d -> d != null)
                                .collect().asList()
                                .map(ConsentPolicy::decideForVehicle));
    }

    @WithSession
    Uni<List<String>> ownersOf(String vin) {
        return store.vehicleOwners(vin);
    }

    /** Current consents and one page of the history, newest first. */
    @WithSpan("Consents.list")
    @WithSession
    public Uni<Listing> list(@SpanAttribute("person.id") String personId, int pageSize, String pageToken) {
        int size = pageSize <= 0 ? DEFAULT_PAGE : Math.min(pageSize, MAX_PAGE);
        Cursor cursor = Cursor.parse(pageToken);
        return locks.rootOf(personId).flatMap(root -> store.latest(root).flatMap(latest -> store
                .history(root, size + 1, cursor.time(), cursor.id()).map(history -> {
                    String next = "";
                    List<Consent.Record> page = history;
                    if (history.size() > size) {
                        page = history.subList(0, size);
                        Consent.Record last = page.get(size - 1);
                        next = Cursor.token(last.recordedAt(), last.id());
                    }
                    return new Listing(ConsentPolicy.current(byField(latest), clock.instant()), List.copyOf(page), next);
                })));
    }

    /** Keyset cursor (time, id) as an opaque page token. */
    record Cursor(Instant time, long id) {

        static Cursor parse(String token) {
            if (token == null || token.isEmpty()) {
                return new Cursor(null, 0);
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
                return new Cursor(Instant.parse(parts[0]), Long.parseLong(parts[1]));
            } catch (RuntimeException e) {
                throw ServiceException.invalidField("page_token", "not a token this service issued");
            }
        }

        static String token(Instant time, long id) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((time + "|" + id).getBytes(StandardCharsets.UTF_8));
        }
    }
}
