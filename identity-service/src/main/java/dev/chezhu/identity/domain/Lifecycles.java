package dev.chezhu.identity.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.chezhu.identity.persistence.LifecycleStore;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Lifecycle use cases: record the facts (activities), compute the stage with its reasons, publish
 * LifecycleChanged when a recomputation differs from what was last published, and sweep for owners
 * who churned with the passing of time.
 */
@ApplicationScoped
public class Lifecycles {

    private static final Logger LOG = Logger.getLogger(Lifecycles.class);
    static final Pattern ACTIVITY_SOURCE = Pattern.compile("^[a-z][a-z0-9_\\-]{0,31}(:[A-Za-z0-9_\\-]{1,32})?$");
    static final Pattern DEALER_ID = Pattern.compile("^[A-Za-z0-9_\\-]{1,32}$");
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    private static final int SWEEP_BATCH = 200;

    /** The result of recording an activity. */
    public record RecordResult(Lifecycle.View lifecycle, boolean replayed) {
    }

    private final LifecycleStore store;
    private final LifecycleRules rules;
    private final PersonLocks locks;
    private final IdentityEvents events;
    private final Clock clock;

    public Lifecycles(LifecycleStore store, LifecycleRules rules, PersonLocks locks, IdentityEvents events, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.locks = locks;
        this.events = events;
        this.clock = clock;
    }

    /** Computes the lifecycle of a root person now, stores it and publishes a change. Caller's transaction. */
    public Uni<Lifecycle.View> recompute(String rootId, Instant now) {
        return recompute(List.of(rootId), now).map(views -> views.get(0));
    }

    /** {@link #recompute(String, Instant)} for several root persons, in three statements whatever their number. */
    public Uni<List<Lifecycle.View>> recompute(Collection<String> rootIds, Instant now) {
        if (rootIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return store.facts(rootIds, rules.loyalCutoff(now), rules.advocateCutoff(now)).flatMap(all -> {
            List<Lifecycle.View> views = new ArrayList<>();
            List<IdentityEvent> changes = new ArrayList<>();
            for (String root : rootIds) {
                LifecycleStore.FactsAndStored found = all.get(root);
                Lifecycle.View view = rules.evaluate(root, found.facts(), now);
                views.add(view);
                Lifecycle.Stage previous = found.storedStage().orElse(Lifecycle.Stage.LEAD);
                if (previous != view.stage() || found.storedAdvocate() != view.advocate()) {
                    changes.add(new IdentityEvent.LifecycleChanged(root, previous, view.stage(), found.storedAdvocate(),
                            view.advocate(), view.reasons(), now));
                }
            }
            return store.store(views).flatMap(v -> events.publishAll(changes)).replaceWith(views);
        });
    }

    /** The lifecycle of a person as of now, with its reasons. */
    @WithSpan("Lifecycles.get")
    @WithSession
    public Uni<Lifecycle.View> get(@SpanAttribute("person.id") String personId) {
        Instant now = clock.instant();
        return locks.rootOf(personId).flatMap(root -> store
                .facts(root, rules.loyalCutoff(now), rules.advocateCutoff(now))
                .map(found -> rules.evaluate(root, found.facts(), now)));
    }

    /** Records an activity (idempotent by request_id) and answers the lifecycle after it. */
    @WithSpan("Lifecycles.record")
    public Uni<RecordResult> record(Lifecycle.ActivityCommand command, Caller caller) {
        return Uni.createFrom().item(() -> validate(command, caller))
                .flatMap(valid -> Retries.onConflict(() -> recordInTransaction(valid)));
    }

    private Lifecycle.ActivityCommand validate(Lifecycle.ActivityCommand command, Caller caller) {
        Violations violations = new Violations();
        violations.require(command.requestId() != null && ObservationValidator.REQUEST_ID.matcher(command.requestId())
                .matches(), "request_id", "required: 1-128 printable ASCII characters");
        violations.require(command.kind() != null, "kind", "required: a known activity kind");
        violations.require(command.source() != null && ACTIVITY_SOURCE.matcher(command.source()).matches(), "source",
                "required: a touchpoint or service name, e.g. dealer_crm:D001, store_visit, loyalty-service");
        violations.require(command.dealerId() == null || command.dealerId().isEmpty()
                || DEALER_ID.matcher(command.dealerId()).matches(), "dealer_id", "1-32 of [A-Za-z0-9_-]");
        violations.require(command.vin() == null || command.vin().isEmpty()
                || ObservationValidator.VIN.matcher(command.vin()).matches(), "vin", "a 17-character VIN");
        Instant now = clock.instant();
        Instant at = command.occurredAt() == null ? now : command.occurredAt();
        violations.require(!at.isAfter(now.plus(MAX_CLOCK_SKEW)), "occur_time", "must not be in the future");
        violations.throwIfAny("INVALID_ACTIVITY");
        String dealer = command.dealerId() == null || command.dealerId().isEmpty() ? null : command.dealerId();
        if (caller.isDealer()) {
            String own = caller.dealerId().orElseThrow(() -> ServiceException.permissionDenied("DEALER_CLAIM_MISSING",
                    "A dealer token must carry dealer_id"));
            if (dealer != null && !dealer.equals(own)) {
                throw ServiceException.permissionDenied("DEALER_MISMATCH", "A dealer records activities of its own dealer only");
            }
            dealer = own;
        }
        return new Lifecycle.ActivityCommand(command.requestId(), command.personId(), command.kind(), at,
                command.source(), dealer, command.vin() == null || command.vin().isEmpty() ? null : command.vin());
    }

    @WithTransaction
    Uni<RecordResult> recordInTransaction(Lifecycle.ActivityCommand command) {
        Instant now = clock.instant();
        return store.activityPerson(command.requestId()).flatMap(earlier -> {
            if (earlier.isPresent()) {
                return replay(earlier.get(), now);
            }
            return locks.lockRoot(command.personId(), false)
                    .flatMap(root -> store.insertActivity(root, command, now).flatMap(inserted -> inserted
                            ? recompute(root, now).map(view -> new RecordResult(view, false))
                            : store.activityPerson(command.requestId()).flatMap(p -> replay(p.orElseThrow(), now))));
        });
    }

    private Uni<RecordResult> replay(String personId, Instant now) {
        return locks.rootOf(personId).flatMap(root -> store
                .facts(root, rules.loyalCutoff(now), rules.advocateCutoff(now))
                .map(found -> new RecordResult(rules.evaluate(root, found.facts(), now), true)));
    }

    /** Recomputes owners whose last visit is older than the churn period; publishes those who churned. */
    @WithSpan("Lifecycles.sweepChurn")
    @WithTransaction
    public Uni<Integer> sweepChurn(Instant now) {
        return store.churnCandidates(now.minus(rules.churnAfter()), SWEEP_BATCH)
                .flatMap(roots -> recompute(roots, now)
                        .invoke(views -> {
                            if (!views.isEmpty()) {
                                LOG.infof("Churn sweep recomputed %d persons", views.size());
                            }
                        })
                        .map(views -> (int) views.stream().filter(v -> v.stage() == Lifecycle.Stage.CHURNED).count()));
    }
}
