package dev.chezhu.identity.domain;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.chezhu.identity.persistence.LeadStore;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.platform.error.Violations;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Leads: created from any touchpoint and assigned to a dealer (the one requested, else the dealer
 * whose CRM last knew the person, else the default dealer); the first contact is recorded; a lead
 * not contacted within the contact window raises LeadNotContacted (once). Dealers see and contact
 * only their own leads.
 */
@ApplicationScoped
public class Leads {

    private static final Logger LOG = Logger.getLogger(Leads.class);
    private static final Pattern MODEL = Pattern.compile("^[\\p{L}\\p{N} ._\\-]{1,64}$");
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    private static final int SWEEP_BATCH = 200;

    /** Contact window and default dealer. */
    public record Settings(Duration contactWindow, String defaultDealer) {
    }

    public record Created(Lead lead, boolean replayed) {
    }

    public record Contacted(Lead lead, boolean firstContact) {
    }

    public record Page(List<Lead> leads, String nextPageToken) {
    }

    private final LeadStore store;
    private final PersonLocks locks;
    private final IdentityEvents events;
    private final Settings settings;
    private final Clock clock;

    public Leads(LeadStore store, PersonLocks locks, IdentityEvents events, Settings settings, Clock clock) {
        this.store = store;
        this.locks = locks;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    @WithSpan("Leads.create")
    public Uni<Created> create(Lead.CreateCommand command, Caller caller) {
        return Uni.createFrom().item(() -> validate(command, caller))
                .flatMap(valid -> Retries.onConflict(() -> createInTransaction(valid, actor(caller))));
    }

    private Lead.CreateCommand validate(Lead.CreateCommand command, Caller caller) {
        Violations violations = new Violations();
        violations.require(command.requestId() != null && ObservationValidator.REQUEST_ID.matcher(command.requestId())
                .matches(), "request_id", "required: 1-128 printable ASCII characters");
        violations.require(command.source() != null && ObservationValidator.SOURCE.matcher(command.source()).matches(),
                "source", ObservationValidator.SOURCE_DESCRIPTION);
        violations.require(command.dealerId() == null || command.dealerId().isEmpty()
                || Lifecycles.DEALER_ID.matcher(command.dealerId()).matches(), "dealer_id", "1-32 of [A-Za-z0-9_-]");
        violations.require(command.vehicleModel() == null || command.vehicleModel().isEmpty()
                || MODEL.matcher(command.vehicleModel()).matches(), "vehicle_model", "1-64 letters, digits, spaces, . _ -");
        violations.throwIfAny("INVALID_LEAD");
        String dealer = command.dealerId() == null || command.dealerId().isEmpty() ? null : command.dealerId();
        if (caller.isDealer()) {
            String own = ownDealer(caller);
            if (dealer != null && !dealer.equals(own)) {
                throw ServiceException.permissionDenied("DEALER_MISMATCH", "A dealer creates leads for its own dealer only");
            }
            dealer = own;
        }
        return new Lead.CreateCommand(command.requestId(), command.personId(), dealer, command.source(),
                command.vehicleModel() == null || command.vehicleModel().isEmpty() ? null : command.vehicleModel());
    }

    @WithTransaction
    Uni<Created> createInTransaction(Lead.CreateCommand command, String actor) {
        Instant now = clock.instant();
        return store.findByRequest(command.requestId()).flatMap(earlier -> {
            if (earlier.isPresent()) {
                return Uni.createFrom().item(new Created(earlier.get(), true));
            }
            return locks.lockRoot(command.personId(), false).flatMap(root -> assign(command, root).flatMap(assigned -> {
                Lead lead = new Lead(UUID.randomUUID().toString(), root, assigned.dealerId(), assigned.assignment(),
                        command.source(), command.vehicleModel(), now, now.plus(settings.contactWindow()), null, null, 0,
                        null);
                Span.current().setAttribute("lead.id", lead.id()).setAttribute("person.id", root);
                return store.insert(lead, command.requestId(), actor).flatMap(inserted -> inserted
                        ? events.publish(new IdentityEvent.LeadCreated(lead.id(), root, lead.dealerId(), now,
                                lead.contactDueAt())).replaceWith(new Created(lead, false))
                        : store.findByRequest(command.requestId()).map(l -> new Created(l.orElseThrow(), true)));
            }));
        });
    }

    private record Assigned(String dealerId, Lead.Assignment assignment) {
    }

    private Uni<Assigned> assign(Lead.CreateCommand command, String root) {
        if (command.dealerId() != null) {
            return Uni.createFrom().item(new Assigned(command.dealerId(), Lead.Assignment.REQUESTED));
        }
        return store.previousDealer(root).map(previous -> previous
                .map(d -> new Assigned(d, Lead.Assignment.PREVIOUS_DEALER))
                .orElseGet(() -> new Assigned(settings.defaultDealer(), Lead.Assignment.DEFAULT_DEALER)));
    }

    @WithSpan("Leads.recordContact")
    public Uni<Contacted> recordContact(Lead.ContactCommand command, Caller caller) {
        return Uni.createFrom().item(() -> {
            Violations violations = new Violations();
            violations.require(command.requestId() != null && ObservationValidator.REQUEST_ID
                    .matcher(command.requestId()).matches(), "request_id", "required: 1-128 printable ASCII characters");
            violations.require(command.channel() != null, "channel", "required: how the dealer reached the prospect");
            Instant now = clock.instant();
            Instant at = command.contactedAt() == null ? now : command.contactedAt();
            violations.require(!at.isAfter(now.plus(MAX_CLOCK_SKEW)), "contact_time", "must not be in the future");
            violations.throwIfAny("INVALID_LEAD_CONTACT");
            return new Lead.ContactCommand(command.requestId(), command.leadId(), at, command.channel());
        }).flatMap(valid -> Retries.onConflict(() -> contactInTransaction(valid, caller)));
    }

    @WithTransaction
    Uni<Contacted> contactInTransaction(Lead.ContactCommand command, Caller caller) {
        return store.contactLead(command.requestId()).flatMap(earlier -> {
            if (earlier.isPresent()) {
                return readable(earlier.get(), caller).map(lead -> new Contacted(lead, false));
            }
            return store.lock(command.leadId()).flatMap(found -> {
                Lead lead = authorised(found, command.leadId(), caller);
                boolean first = lead.firstContactAt() == null;
                return store.insertContact(lead.id(), command.requestId(), command.contactedAt(), command.channel(),
                        actor(caller)).flatMap(inserted -> store.find(lead.id()))
                        .map(updated -> new Contacted(updated.orElseThrow(), first));
            });
        });
    }

    @WithSpan("Leads.get")
    @WithSession
    public Uni<Lead> get(String leadId, Caller caller) {
        return readable(leadId, caller);
    }

    private Uni<Lead> readable(String leadId, Caller caller) {
        return store.find(leadId).map(found -> authorised(found, leadId, caller));
    }

    private static Lead authorised(Optional<Lead> found, String leadId, Caller caller) {
        Lead lead = found.orElseThrow(() -> ServiceException.notFound("LEAD_NOT_FOUND", "leads/" + leadId));
        if (caller.isDealer() && !lead.dealerId().equals(ownDealer(caller))) {
            throw ServiceException.permissionDenied("DEALER_MISMATCH", "The lead is assigned to another dealer");
        }
        return lead;
    }

    @WithSpan("Leads.list")
    @WithSession
    public Uni<Page> list(String dealerId, Lead.State state, int pageSize, String pageToken, Caller caller) {
        int size = pageSize <= 0 ? 50 : Math.min(pageSize, 200);
        String dealer = caller.isDealer() ? ownDealer(caller) : dealerId;
        Instant beforeTime = null;
        String beforeId = null;
        if (pageToken != null && !pageToken.isEmpty()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8).split("\\|", 2);
                beforeTime = Instant.parse(parts[0]);
                beforeId = parts[1];
            } catch (RuntimeException e) {
                return Uni.createFrom().failure(ServiceException.invalidField("page_token", "not a token this service issued"));
            }
        }
        return store.list(dealer, state, clock.instant(), size + 1, beforeTime, beforeId).map(leads -> {
            if (leads.size() <= size) {
                return new Page(leads, "");
            }
            Lead last = leads.get(size - 1);
            return new Page(leads.subList(0, size), Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((last.createdAt() + "|" + last.id()).getBytes(StandardCharsets.UTF_8)));
        });
    }

    /** Raises LeadNotContacted for every lead whose contact window passed; each lead once. */
    @WithSpan("Leads.sweepOverdue")
    @WithTransaction
    public Uni<Integer> sweepOverdue(Instant now) {
        return store.markOverdue(now, SWEEP_BATCH).flatMap(leads -> Multi.createFrom().iterable(leads)
                .onItem().transformToUniAndConcatenate(lead -> events.publish(new IdentityEvent.LeadNotContacted(
                        lead.id(), lead.personId(), lead.dealerId(), lead.createdAt(), lead.contactDueAt())))
                .collect().last()
                .map(v -> {
                    if (!leads.isEmpty()) {
                        LOG.infof("%d leads not contacted in time", leads.size());
                    }
                    return leads.size();
                }));
    }

    private static String ownDealer(Caller caller) {
        return caller.dealerId().orElseThrow(() -> ServiceException.permissionDenied("DEALER_CLAIM_MISSING",
                "A dealer token must carry dealer_id"));
    }

    private static String actor(Caller caller) {
        return caller.clientId().isEmpty() ? caller.subject() : caller.clientId() + ":" + caller.subject();
    }
}
