package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.persistence.AccountStore;
import dev.chezhu.loyalty.persistence.AccountStore.AccountRow;
import dev.chezhu.loyalty.persistence.LedgerEntryEntity;
import dev.chezhu.loyalty.persistence.LedgerStore;
import dev.chezhu.loyalty.persistence.LotStore;
import dev.chezhu.loyalty.persistence.PendingStore;
import dev.chezhu.loyalty.v1.TierChanged;
import dev.chezhu.platform.error.ServiceException;
import io.smallrye.mutiny.Uni;

/**
 * The bookkeeping every points use case shares, inside the caller's transaction: find and lock the
 * account that holds a person's points (the survivor after a merge), post entries with their lots,
 * keep the lots equal to the balance (first in, first out), move the tier up when earned.
 *
 * Invariant kept under the account lock: sum(remaining of the holder's lots) = max(balance, 0).
 */
@ApplicationScoped
public class PointsBook {

    private final LedgerStore ledger;
    private final AccountStore accounts;
    private final LotStore lots;
    private final PendingStore pending;
    private final ExpiryPolicy expiry;
    private final TierRules tiers;
    private final LoyaltyEvents events;

    public PointsBook(LedgerStore ledger, AccountStore accounts, LotStore lots, PendingStore pending,
            ExpiryPolicy expiry, TierRules tiers, LoyaltyEvents events) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.lots = lots;
        this.pending = pending;
        this.expiry = expiry;
        this.tiers = tiers;
        this.events = events;
    }

    public TierRules tiers() {
        return tiers;
    }

    public ExpiryPolicy expiry() {
        return expiry;
    }

    /**
     * Creates the person's account if needed and locks the account that holds their points: their own,
     * or the survivor's when they were merged. Refuses a closed account.
     */
    public Uni<AccountRow> lockHolder(String personId, Instant now) {
        return ledger.ensureAccount(personId, tiers.entry().code(), now)
                .flatMap(v -> accounts.find(personId))
                .flatMap(found -> lockRoot(found.orElseThrow().mergedInto() != null ? found.get().mergedInto() : personId, 3))
                .invoke(holder -> {
                    if (holder.closed()) {
                        throw ServiceException.failedPrecondition("ACCOUNT_CLOSED",
                                AccountName.of(holder.personId()) + " is closed (the person's data was erased)");
                    }
                });
    }

    /** Locks an account that should be a root; follows a merge that happened while waiting for the lock. */
    private Uni<AccountRow> lockRoot(String personId, int attempts) {
        return accounts.lock(personId).flatMap(row -> {
            AccountRow locked = row.orElseThrow(() -> new IllegalStateException("no account " + personId));
            if (locked.merged() && attempts > 0) {
                return lockRoot(locked.mergedInto(), attempts - 1);
            }
            return Uni.createFrom().item(locked);
        });
    }

    /** The account holding a person's points now (theirs, or the survivor's after a merge); no lock. */
    public Uni<String> holderOf(String personId) {
        return accounts.find(personId).map(found -> found.map(a -> a.merged() ? a.mergedInto() : a.personId())
                .orElse(personId));
    }

    /** The holder and every account merged into it: their entries and earns are one history. */
    public Uni<List<String>> family(String holder) {
        return accounts.mergedInto(holder).map(merged -> {
            List<String> family = new ArrayList<>();
            family.add(holder);
            family.addAll(merged);
            return family;
        });
    }

    /** Appends an entry (the trigger moves the balance), makes its lot, and settles the lots. */
    public Uni<LedgerEntryEntity> post(NewEntry entry, Instant now) {
        return append(entry, now).call(row -> settle(entry.holder(), row.entryId));
    }

    /** Appends an entry and makes its lot, without settling: the caller consumes lots itself. */
    public Uni<LedgerEntryEntity> append(NewEntry entry, Instant now) {
        LedgerEntryEntity row = new LedgerEntryEntity();
        row.entryId = UUID.randomUUID();
        row.personId = entry.holder();
        row.kind = entry.kind().name();
        row.points = entry.points();
        row.reason = entry.reason();
        row.sourceReference = entry.sourceReference();
        row.requestId = entry.requestId();
        row.reversesEntryId = entry.reversesEntryId();
        row.spendAmount = entry.spendAmount();
        row.actorClient = entry.actor().clientId();
        row.actorSubject = entry.actor().subject();
        row.actorDealerId = entry.actor().dealerId().orElse(null);
        row.createdAt = now;
        row.expiresAt = entry.makesLot() ? expiry.expiresAt(now) : null;
        return ledger.append(row).flatMap(written -> {
            if (!written) {
                throw new IllegalStateException("entry request " + entry.requestId() + " was written before");
            }
            Uni<Void> lot = entry.makesLot()
                    ? lots.insert(row.entryId, entry.holder(), entry.origin(), entry.points(), row.expiresAt, now)
                    : Uni.createFrom().voidItem();
            return lot.replaceWith(row);
        });
    }

    /** Makes the lot of an entry appended directly (a credit), expiring when the entry says. */
    public Uni<Void> expiryLot(LedgerEntryEntity entry, String origin, Instant now) {
        return lots.insert(entry.entryId, entry.personId, origin, entry.points, entry.expiresAt, now);
    }

    /**
     * Brings the holder's lots down to max(balance, 0), first in first out, on behalf of an entry: a
     * debit consumes lots; an earn into a negative balance pays the debt from its own lot.
     */
    public Uni<Void> settle(String holder, UUID entryId) {
        return lots.holdings(holder).flatMap(h -> {
            long excess = h.held() - Math.max(h.balance(), 0);
            if (excess <= 0) {
                return Uni.createFrom().voidItem();
            }
            return lots.spendable(holder).flatMap(spendable -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (FifoLots.Take take : FifoLots.take(spendable, excess)) {
                    chain = chain.flatMap(v -> lots.consume(take.lotId(), take.points(), entryId));
                }
                return chain;
            });
        });
    }

    /** Moves the holder up at once when what they earned in the window reaches a higher tier. */
    public Uni<Void> upgradeIfQualified(AccountRow holder, Instant now) {
        return qualifying(holder.personId(), now).flatMap(value -> {
            Optional<TierRules.TierChangeDecision> up = tiers.afterActivity(holder.tier(), value, now);
            return up.isEmpty() ? Uni.createFrom().voidItem() : changeTier(holder.personId(), up.get(), now);
        });
    }

    /** Applies a tier decision: the account, the audit log and a TierChanged event. */
    public Uni<Void> changeTier(String personId, TierRules.TierChangeDecision decision, Instant now) {
        if (!decision.changed()) {
            return accounts.setReview(personId, decision.nextReview());
        }
        TierChanged.Builder event = TierChanged.newBuilder()
                .setPersonId(personId)
                .setPreviousTier(decision.from())
                .setTier(decision.to())
                .setUpgrade(decision.upgrade())
                .setChangeTime(ProtoTime.of(now));
        if (decision.nextReview() != null) {
            event.setReviewTime(ProtoTime.of(decision.nextReview()));
        }
        return accounts.setTier(personId, decision.to(), now, decision.nextReview(), now)
                .flatMap(v -> accounts.logTierChange(UUID.randomUUID(), personId, decision.from(), decision.to(),
                        decision.upgrade(), now, decision.nextReview()))
                .flatMap(v -> events.publish(personId, event.build()));
    }

    /** Points (or spend) earned by the holder's family in the tier window, leaving out what was taken back. */
    public Uni<Long> qualifying(String holder, Instant now) {
        return family(holder).flatMap(family -> ledger.qualifying(family, tiers.windowStart(now),
                tiers.basis() == TierRules.Basis.SPEND));
    }

    /** The statement of the account holding a person's points; empty for a person never seen. */
    public Uni<AccountStatement> statement(String personId, Instant now, int recent) {
        return accounts.find(personId).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(AccountStatement.empty(personId, tiers.entry().code(), tiers.basis().name()));
            }
            if (found.get().merged()) {
                return statement(found.get().mergedInto(), now, recent);
            }
            AccountRow account = found.get();
            return family(account.personId()).flatMap(family -> pending.pendingPoints(account.personId())
                    .flatMap(pendingPoints -> ledger.page(family, Long.MAX_VALUE, recent)
                            .flatMap(entries -> ledger.qualifying(family, tiers.windowStart(now),
                                    tiers.basis() == TierRules.Basis.SPEND)
                                    .flatMap(qualifying -> lots.nextExpiry(account.personId()).map(next -> {
                                        Instant nextAt = next.isEmpty() ? null : toInstant(next.get(0)[0]);
                                        long nextPoints = next.isEmpty() ? 0 : ((Number) next.get(0)[1]).longValue();
                                        return new AccountStatement(account.personId(), account.balance(), pendingPoints,
                                                Objects.requireNonNullElse(account.tier(), tiers.entry().code()),
                                                account.createdAt(), entries.stream().map(PointsBook::toDomain).toList(),
                                                account.tierReviewAt(), qualifying, tiers.basis().name(), nextPoints,
                                                nextAt, family.subList(1, family.size()));
                                    })))));
        });
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("not a timestamp: " + value);
    }

    public static PointsEntry toDomain(LedgerEntryEntity entry) {
        return new PointsEntry(entry.entryId, entry.personId, EntryKind.valueOf(entry.kind), entry.points, entry.reason,
                entry.sourceReference, entry.createdAt, entry.expiresAt, entry.reversesEntryId, entry.spendAmount);
    }
}
