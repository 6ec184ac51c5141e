package dev.chezhu.identity.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.chezhu.identity.persistence.LeadStore;
import dev.chezhu.identity.persistence.LifecycleStore;
import dev.chezhu.identity.persistence.SearchStore;
import dev.chezhu.platform.error.ServiceException;
import io.grpc.Status;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/**
 * What other services' events tell the lifecycle: a service visit telematics-service recorded for a
 * VIN, a coupon redeemed at a dealer, a lead activated by a coupon, a loyalty tier change. Each runs
 * in the event consumer's transaction (with its inbox row, so an event has one effect), and is
 * idempotent on its own as well (activity and contact rows keyed by the event's business key, tiers
 * ordered by their change time). A person unknown here or erased is skipped: the event cannot apply.
 */
@ApplicationScoped
public class LifecycleInputs {

    private static final Logger LOG = Logger.getLogger(LifecycleInputs.class);
    static final String TELEMATICS = "telematics-service";
    static final String LOYALTY = "loyalty-service";

    private final LifecycleStore store;
    private final SearchStore search;
    private final LeadStore leads;
    private final PersonLocks locks;
    private final Lifecycles lifecycles;
    private final Clock clock;

    public LifecycleInputs(LifecycleStore store, SearchStore search, LeadStore leads, PersonLocks locks,
            Lifecycles lifecycles, Clock clock) {
        this.store = store;
        this.search = search;
        this.leads = leads;
        this.locks = locks;
        this.lifecycles = lifecycles;
        this.clock = clock;
    }

    /**
     * A dealer recorded a service visit for a VIN: a SERVICE_VISIT activity (at that dealer) for each
     * person who owns or drives it (household members do not bring the car in), then their lifecycles.
     * A lead becomes an owner this way. Nobody linked to the VIN: nothing to record.
     */
    @WithSpan("LifecycleInputs.serviceVisit")
    public Uni<Void> serviceVisit(@SpanAttribute("vehicle.vin") String vin, String dealerId, Instant visitedAt,
            String recordName) {
        return search.vehiclePeople(vin, null, null).flatMap(people -> {
            List<String> roots = people.relationships().stream()
                    .filter(r -> r.role() != VehicleLink.VehicleRole.HOUSEHOLD)
                    .map(SearchStore.Related::personId).distinct().toList();
            if (roots.isEmpty()) {
                LOG.debugf("Service visit %s: no owner or driver linked to the vehicle", recordName);
                return Uni.createFrom().voidItem();
            }
            Instant now = clock.instant();
            Uni<List<String>> recorded = Uni.createFrom().item(new ArrayList<>());
            for (String person : roots) {
                recorded = recorded.flatMap(done -> locks.lockRoot(person, false).flatMap(root -> store
                        .insertActivity(root, new Lifecycle.ActivityCommand(TELEMATICS + ":" + recordName + ":" + root,
                                root, Lifecycle.ActivityKind.SERVICE_VISIT, visitedAt, TELEMATICS, blankToNull(dealerId),
                                vin), now)
                        .map(inserted -> {
                            if (inserted) {
                                done.add(root);
                            }
                            return done;
                        })));
            }
            return recorded.flatMap(done -> lifecycles.recompute(done, now)).replaceWithVoid();
        });
    }

    /** A coupon redeemed at a dealer: a COUPON_REDEMPTION activity, which relates the person to the dealer. */
    @WithSpan("LifecycleInputs.couponRedeemed")
    public Uni<Void> couponRedeemed(@SpanAttribute("person.id") String personId, String dealerId, String redemptionId,
            Instant redeemedAt) {
        Instant now = clock.instant();
        return known(personId, root -> store.insertActivity(root, new Lifecycle.ActivityCommand(
                LOYALTY + ":redemption:" + redemptionId, root, Lifecycle.ActivityKind.COUPON_REDEMPTION, redeemedAt,
                LOYALTY, blankToNull(dealerId), null), now).replaceWithVoid());
    }

    /**
     * A coupon published to a lead was redeemed at a dealer: the prospect came to the store, so each
     * of the person's leads not contacted yet gets its first contact (IN_STORE, at the redemption) and
     * no longer waits for a call or counts as overdue.
     */
    @WithSpan("LifecycleInputs.leadActivated")
    public Uni<Void> leadActivated(@SpanAttribute("person.id") String personId, String redemptionId, Instant activatedAt) {
        return known(personId, root -> leads.leadsOf(root).flatMap(all -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Lead lead : all) {
                if (lead.firstContactAt() == null) {
                    chain = chain.flatMap(v -> leads.insertContact(lead.id(), LOYALTY + ":lead-activated:" + redemptionId
                            + ":" + lead.id(), activatedAt, Lead.ContactChannel.IN_STORE, LOYALTY).replaceWithVoid());
                }
            }
            return chain;
        }));
    }

    /** A loyalty tier change: recorded (unless a later one is), then the lifecycle (gold and above: loyal). */
    @WithSpan("LifecycleInputs.tierChanged")
    public Uni<Void> tierChanged(@SpanAttribute("person.id") String personId, String tier, Instant changedAt) {
        if (tier == null || tier.isBlank()) {
            LOG.warnf("TierChanged for person %s without a tier: skipped", personId);
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return known(personId, root -> store.recordTier(root, tier, changedAt, now)
                .flatMap(recorded -> recorded ? lifecycles.recompute(root, now).replaceWithVoid()
                        : Uni.createFrom().voidItem()));
    }

    /** Runs the step for the person's root, locked; skips (logs) a person unknown here or erased. */
    private Uni<Void> known(String personId, Function<String, Uni<Void>> step) {
        return locks.lockRoot(personId, false)
                .onFailure(e -> e instanceof ServiceException s && s.code() == Status.Code.NOT_FOUND)
                .recoverWithItem(e -> {
                    LOG.infof("Event for person %s skipped: %s", personId, ((ServiceException) e).reason());
                    return null;
                })
                .flatMap(root -> root == null ? Uni.createFrom().voidItem() : step.apply(root));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
