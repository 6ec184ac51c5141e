package dev.chezhu.loyalty.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.persistence.LedgerEntryEntity;
import dev.chezhu.loyalty.persistence.LedgerStore;
import dev.chezhu.platform.error.ServiceException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The points ledger: every movement is one appended entry, and the account balance moves with it in
 * the same transaction (database trigger), so the balance always equals the sum of the entries.
 * A credit's request_id is written at most once (unique key); a resend is answered with the first entry.
 */
@ApplicationScoped
public class Ledger {

    /** How many entries an account statement shows. */
    public static final int RECENT_ENTRIES = 20;

    private final LedgerStore store;
    private final PointsBook book;
    private final Clock clock;

    public Ledger(LedgerStore store, PointsBook book, Clock clock) {
        this.store = store;
        this.book = book;
        this.clock = clock;
    }

    /** PostgreSQL keeps microseconds: a first answer and its replay show the same time. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @WithSpan("Ledger.credit")
    @WithTransaction
    public Uni<CreditResult> credit(Credit credit, Actor actor) {
        Span.current().setAttribute("loyalty.person_id", credit.personId());
        Span.current().setAttribute("loyalty.request_id", credit.requestId());
        Instant now = now();
        return book.lockHolder(credit.personId(), now).flatMap(holder -> {
            LedgerEntryEntity entry = earnEntry(credit, holder.personId(), actor, now);
            return store.append(entry).flatMap(written -> {
                if (!written) {
                    return store.findByRequestId(credit.requestId()).map(first -> new Written(
                            sameCredit(first.orElseThrow(), credit, holder.personId(), actor), true));
                }
                return book.expiryLot(entry, credit.personId(), now)
                        .flatMap(v -> book.settle(holder.personId(), entry.entryId))
                        .flatMap(v -> book.upgradeIfQualified(holder, now))
                        .replaceWith(new Written(entry, false));
            }).flatMap(written -> book.statement(holder.personId(), now, RECENT_ENTRIES)
                    .map(statement -> new CreditResult(PointsBook.toDomain(written.entry()), statement,
                            written.replayed())));
        });
    }

    /** The statement of a person's account; empty for a person never credited. */
    @WithSpan("Ledger.statement")
    @WithSession
    public Uni<AccountStatement> statement(@SpanAttribute("loyalty.person_id") String personId) {
        return book.statement(personId, now(), RECENT_ENTRIES);
    }

    private record Written(LedgerEntryEntity entry, boolean replayed) {
    }

    private LedgerEntryEntity earnEntry(Credit credit, String holder, Actor actor, Instant now) {
        LedgerEntryEntity entry = new LedgerEntryEntity();
        entry.entryId = java.util.UUID.randomUUID();
        entry.personId = holder;
        entry.kind = EntryKind.EARN.name();
        entry.points = credit.points();
        entry.reason = credit.reason().name();
        entry.sourceReference = credit.sourceReference();
        entry.requestId = credit.requestId();
        entry.actorClient = actor.clientId();
        entry.actorSubject = actor.subject();
        entry.actorDealerId = actor.dealerId().orElse(null);
        entry.createdAt = now;
        entry.expiresAt = book.expiry().expiresAt(now);
        return entry;
    }

    /** The first entry of a request_id, if this credit is a true resend of it; otherwise a refusal. */
    static LedgerEntryEntity sameCredit(LedgerEntryEntity first, Credit credit, Actor actor) {
        return sameCredit(first, credit, credit.personId(), actor);
    }

    /** As above; the first entry may also sit on the account now holding the person's points (a merge). */
    static LedgerEntryEntity sameCredit(LedgerEntryEntity first, Credit credit, String holder, Actor actor) {
        boolean same = first.kind.equals(EntryKind.EARN.name())
                && (first.personId.equals(credit.personId()) || first.personId.equals(holder))
                && first.points == credit.points()
                && first.reason.equals(credit.reason().name())
                && first.sourceReference.equals(credit.sourceReference())
                && first.actorClient.equals(actor.clientId())
                && first.actorSubject.equals(actor.subject());
        if (!same) {
            throw ServiceException.alreadyExists("REQUEST_ID_REUSED",
                    "request_id " + credit.requestId() + " was already used for a different request");
        }
        return first;
    }
}
