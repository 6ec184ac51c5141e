package dev.chezhu.loyalty.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.persistence.LedgerEntryEntity;
import dev.chezhu.loyalty.persistence.LedgerStore;
import dev.chezhu.loyalty.persistence.LoyaltyAccountEntity;
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
 * A request_id is written at most once (unique key); a resend is answered with the first entry.
 */
@ApplicationScoped
public class Ledger {

    /** How many entries an account statement shows. */
    public static final int RECENT_ENTRIES = 20;

    private final LedgerStore store;
    private final Clock clock;

    public Ledger(LedgerStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @WithSpan("Ledger.credit")
    @WithTransaction
    public Uni<CreditResult> credit(Credit credit, Actor actor) {
        String personId = credit.personId();
        Span.current().setAttribute("loyalty.person_id", personId);
        Span.current().setAttribute("loyalty.request_id", credit.requestId());
        // PostgreSQL keeps microseconds: a first answer and its replay show the same time
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        LedgerEntryEntity entry = earnEntry(credit, actor, now);
        return store.ensureAccount(personId, Tiers.STANDARD, now)
                .flatMap(v -> store.append(entry))
                .flatMap(written -> written ? Uni.createFrom().item(new Written(entry, false))
                        : store.findByRequestId(credit.requestId()).map(first -> new Written(
                                sameCredit(first.orElseThrow(), credit, actor), true)))
                .flatMap(written -> load(personId)
                        .map(statement -> new CreditResult(toDomain(written.entry()), statement, written.replayed())));
    }

    /** The statement of a person's account; empty for a person never credited. */
    @WithSpan("Ledger.statement")
    @WithSession
    public Uni<AccountStatement> statement(@SpanAttribute("loyalty.person_id") String personId) {
        return load(personId);
    }

    private record Written(LedgerEntryEntity entry, boolean replayed) {
    }

    private Uni<AccountStatement> load(String personId) {
        return store.findAccount(personId).flatMap(account -> account.isEmpty()
                ? Uni.createFrom().item(AccountStatement.empty(personId))
                : store.recentEntries(personId, RECENT_ENTRIES).map(entries -> toDomain(account.get(), entries)));
    }

    private static LedgerEntryEntity earnEntry(Credit credit, Actor actor, Instant now) {
        LedgerEntryEntity entry = new LedgerEntryEntity();
        entry.entryId = UUID.randomUUID();
        entry.personId = credit.personId();
        entry.kind = EntryKind.EARN.name();
        entry.points = credit.points();
        entry.reason = credit.reason().name();
        entry.sourceReference = credit.sourceReference();
        entry.requestId = credit.requestId();
        entry.actorClient = actor.clientId();
        entry.actorSubject = actor.subject();
        entry.actorDealerId = actor.dealerId().orElse(null);
        entry.createdAt = now;
        return entry;
    }

    /** The first entry of a request_id, if this credit is a true resend of it; otherwise a refusal. */
    static LedgerEntryEntity sameCredit(LedgerEntryEntity first, Credit credit, Actor actor) {
        boolean same = first.kind.equals(EntryKind.EARN.name())
                && first.personId.equals(credit.personId())
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

    static PointsEntry toDomain(LedgerEntryEntity entry) {
        return new PointsEntry(entry.entryId, entry.personId, EntryKind.valueOf(entry.kind), entry.points,
                entry.reason, entry.sourceReference, entry.createdAt);
    }

    static AccountStatement toDomain(LoyaltyAccountEntity account, List<LedgerEntryEntity> entries) {
        return new AccountStatement(account.personId, account.balance, 0, Objects.requireNonNullElse(account.tier,
                Tiers.STANDARD), account.createdAt, entries.stream().map(Ledger::toDomain).toList());
    }
}
