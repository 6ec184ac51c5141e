package dev.chezhu.loyalty.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.persistence.AccountStore;
import dev.chezhu.loyalty.persistence.LotStore;
import dev.chezhu.loyalty.persistence.PendingStore;
import dev.chezhu.loyalty.v1.PointsExpiring;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** One transaction per item of the points clock. */
@ApplicationScoped
public class PointsClockSteps {

    private static final Actor CLOCK = new Actor("loyalty-service", "points-clock", Optional.empty());

    private final PointsBook book;
    private final AccountStore accounts;
    private final PendingStore pending;
    private final LotStore lots;
    private final LoyaltyEvents events;

    public PointsClockSteps(PointsBook book, AccountStore accounts, PendingStore pending, LotStore lots,
            LoyaltyEvents events) {
        this.book = book;
        this.accounts = accounts;
        this.pending = pending;
        this.lots = lots;
        this.events = events;
    }

    @WithSession
    public Uni<List<PendingStore.Hold>> dueHolds(Instant now, String personId, int limit) {
        return scope(personId).flatMap(holder -> pending.due(now, holder, limit));
    }

    @WithSession
    public Uni<List<LotStore.DueLot>> dueLots(Instant now, String personId, int limit) {
        return scope(personId).flatMap(holder -> lots.due(now, holder, limit));
    }

    @WithSession
    public Uni<List<LotStore.DueLot>> lotsToWarn(Instant now, Instant until, String personId, int limit) {
        return scope(personId).flatMap(holder -> lots.toWarn(now, until, holder, limit));
    }

    private Uni<String> scope(String personId) {
        return personId == null ? Uni.createFrom().nullItem() : book.holderOf(personId);
    }

    /** Releases one hold into the ledger; the points released, 0 when it changed meanwhile. */
    @WithTransaction
    public Uni<Long> release(PendingStore.Hold due, Instant now) {
        return accounts.lock(due.personId()).flatMap(holder -> pending.lock(due.pendingId()).flatMap(found -> {
            PendingStore.Hold hold = found.orElseThrow();
            if (!hold.state().equals("PENDING") || !hold.personId().equals(due.personId()) || holder.isEmpty()
                    || holder.get().merged() || hold.unlockAt().isAfter(now)) {
                return Uni.createFrom().item(0L);
            }
            NewEntry entry = new NewEntry(hold.personId(), hold.originPersonId(), EntryKind.EARN, hold.points(),
                    hold.reason(), hold.sourceReference(), "release " + hold.pendingId(),
                    new Actor(hold.actorClient(), hold.actorSubject(), Optional.ofNullable(hold.actorDealerId())), null,
                    hold.spendAmount(), true);
            return book.post(entry, now)
                    .flatMap(row -> pending.release(hold.pendingId(), row.entryId, now))
                    .flatMap(v -> book.upgradeIfQualified(holder.get(), now))
                    .replaceWith(hold.points());
        }));
    }

    /** Expires what is left of one lot; the points expired, 0 when it changed meanwhile. */
    @WithTransaction
    public Uni<Long> expire(LotStore.DueLot due, Instant now) {
        return accounts.lock(due.personId()).flatMap(holder -> lots.lockLot(due.lotId()).flatMap(rows -> {
            if (rows.isEmpty() || holder.isEmpty() || holder.get().merged()) {
                return Uni.createFrom().item(0L);
            }
            Object[] lot = rows.get(0);
            long remaining = ((Number) lot[1]).longValue();
            if (!due.personId().equals(lot[0]) || remaining <= 0) {
                return Uni.createFrom().item(0L);
            }
            NewEntry entry = new NewEntry(due.personId(), due.personId(), EntryKind.EXPIRE, -remaining, "EXPIRY",
                    "lots/" + due.lotId(), "expire " + due.lotId(), CLOCK, null, 0, false);
            return book.append(entry, now)
                    .flatMap(row -> lots.consume(due.lotId(), remaining, row.entryId))
                    .replaceWith(remaining);
        }));
    }

    /** Warns a holder once about lots expiring together; true when the warning was sent by this call. */
    @WithTransaction
    public Uni<Boolean> warn(List<LotStore.DueLot> group, Instant now) {
        LotStore.DueLot first = group.get(0);
        long points = group.stream().mapToLong(LotStore.DueLot::remaining).sum();
        return lots.markWarned(group.stream().map(LotStore.DueLot::lotId).toList(), now).flatMap(marked -> {
            if (marked == 0) {
                return Uni.createFrom().item(false);
            }
            return events.publish(first.personId(), PointsExpiring.newBuilder()
                    .setPersonId(first.personId())
                    .setPoints(points)
                    .setExpireTime(ProtoTime.of(first.expiresAt()))
                    .build()).replaceWith(true);
        });
    }

    @WithSession
    public Uni<List<String>> dueForReview(Instant now, String personId, int limit) {
        return personId == null ? accounts.dueForReview(now, limit)
                : book.holderOf(personId).map(List::of);
    }

    /** Reviews one account whose review date passed: 1 = downgraded, 0 = kept, -1 = not due. */
    @WithTransaction
    public Uni<Integer> review(String personId, Instant now) {
        return accounts.lock(personId).flatMap(found -> {
            if (found.isEmpty() || found.get().merged() || found.get().tierReviewAt() == null
                    || found.get().tierReviewAt().isAfter(now)) {
                return Uni.createFrom().item(-1);
            }
            AccountStore.AccountRow account = found.get();
            return book.qualifying(personId, now).flatMap(value -> {
                TierRules.TierChangeDecision decision = book.tiers().atReview(account.tier(), value, now);
                return book.changeTier(personId, decision, now)
                        .replaceWith(decision.changed() && !decision.upgrade() ? 1 : 0);
            });
        });
    }
}
