package dev.chezhu.loyalty.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.persistence.AccountStore;
import dev.chezhu.loyalty.persistence.AccountStore.AccountRow;
import dev.chezhu.loyalty.persistence.CouponStore;
import dev.chezhu.loyalty.persistence.LedgerStore;
import dev.chezhu.loyalty.persistence.LotStore;
import dev.chezhu.loyalty.persistence.MergeStore;
import dev.chezhu.loyalty.persistence.MergeStore.MergeRow;
import dev.chezhu.loyalty.persistence.PendingStore;
import dev.chezhu.platform.error.ServiceException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Accounts follow identity: a merge moves everything of the person merged away (lots with their
 * expiry, pending points, coupons; the balance by two ADJUST entries) to the survivor, exactly once
 * per merge ID; an unmerge gives back what came from the source (its remaining lots, its pending
 * points, its coupons), by origin. What was spent while merged stays spent. An erased person's account
 * is closed: open coupons voided, pending points cancelled, the balance forfeited.
 */
@ApplicationScoped
public class AccountMerges {

    private final PointsBook book;
    private final AccountStore accounts;
    private final LedgerStore ledger;
    private final LotStore lots;
    private final PendingStore pending;
    private final CouponStore coupons;
    private final MergeStore merges;
    private final Clock clock;

    public AccountMerges(PointsBook book, AccountStore accounts, LedgerStore ledger, LotStore lots, PendingStore pending,
            CouponStore coupons, MergeStore merges, Clock clock) {
        this.book = book;
        this.accounts = accounts;
        this.ledger = ledger;
        this.lots = lots;
        this.pending = pending;
        this.coupons = coupons;
        this.merges = merges;
        this.clock = clock;
    }

    public record MergeResult(MergeRow merge, boolean replayed) {
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Validates a merge request's fields. */
    public static void validate(String source, String target, String mergeId) {
        dev.chezhu.platform.error.Violations v = new dev.chezhu.platform.error.Violations();
        v.require(AccountName.personId(source).isPresent(), "source_account", AccountName.DESCRIPTION);
        v.require(AccountName.personId(target).isPresent(), "target_account", AccountName.DESCRIPTION);
        v.require(mergeId != null && Names.MERGE_ID.matcher(mergeId).matches(), "merge_id",
                "required: the identity service's merge ID, 1-128 printable ASCII");
        if (v.isEmpty() && source.equals(target)) {
            v.add("target_account", "must differ from source_account");
        }
        v.throwIfAny("INVALID_MERGE");
    }

    @WithSpan("AccountMerges.merge")
    @WithTransaction
    public Uni<MergeResult> merge(String sourceId, String targetId, String mergeId, Actor actor) {
        Span.current().setAttribute("loyalty.merge_id", mergeId);
        Instant now = now();
        return merges.claim(mergeId, sourceId, targetId, now).flatMap(claimed -> {
            if (!claimed) {
                return merges.lock(mergeId).map(found -> {
                    MergeRow row = found.orElseThrow();
                    if (!row.sourcePersonId().equals(sourceId) || !row.targetPersonId().equals(targetId)) {
                        throw ServiceException.alreadyExists("MERGE_ID_REUSED", "merge " + mergeId
                                + " joined other accounts");
                    }
                    return new MergeResult(row, true);
                });
            }
            String merge = Names.merge(mergeId);
            return ledger.ensureAccount(sourceId, book.tiers().entry().code(), now)
                    .flatMap(v -> ledger.ensureAccount(targetId, book.tiers().entry().code(), now))
                    .flatMap(v -> book.holderOf(targetId))
                    .flatMap(survivor -> {
                        if (survivor.equals(sourceId)) {
                            throw ServiceException.failedPrecondition("MERGE_CYCLE", AccountName.of(targetId)
                                    + " is merged into " + AccountName.of(sourceId));
                        }
                        return accounts.lockAll(List.of(sourceId, survivor)).flatMap(locked -> {
                            AccountRow source = locked.stream().filter(a -> a.personId().equals(sourceId)).findFirst()
                                    .orElseThrow();
                            AccountRow target = locked.stream().filter(a -> a.personId().equals(survivor)).findFirst()
                                    .orElseThrow();
                            if (source.merged() && source.mergedInto().equals(survivor)) {
                                // merged into the same survivor already (through an earlier merge): nothing moves
                                return merges.merged(mergeId, 0, 0, 0, List.of(sourceId))
                                        .flatMap(v -> merges.lock(mergeId))
                                        .map(row -> new MergeResult(row.orElseThrow(), false));
                            }
                            if (source.merged()) {
                                throw ServiceException.failedPrecondition("ACCOUNT_ALREADY_MERGED",
                                        AccountName.of(sourceId) + " was merged into " + source.mergedInto());
                            }
                            if (target.merged()) {
                                throw ServiceException.aborted("CONCURRENT_MERGE", "the survivor changed; retry");
                            }
                            if (source.closed() || target.closed()) {
                                throw ServiceException.failedPrecondition("ACCOUNT_CLOSED", "a closed account cannot "
                                        + "be merged");
                            }
                            return move(mergeId, merge, source, target, actor, now);
                        });
                    });
        });
    }

    private Uni<MergeResult> move(String mergeId, String merge, AccountRow source, AccountRow target, Actor actor,
            Instant now) {
        String s = source.personId();
        String t = target.personId();
        long balance = source.balance();
        int[] counts = new int[2];
        List<String> moved = new ArrayList<>();
        return accounts.mergedInto(s)
                .invoke(earlier -> {
                    moved.add(s);
                    moved.addAll(earlier);
                })
                .flatMap(x -> lots.moveAll(s, t))
                .flatMap(x -> pending.moveAll(s, t)).invoke(n -> counts[0] = n)
                .flatMap(x -> coupons.moveAll(s, t)).invoke(n -> counts[1] = n)
                .flatMap(x -> accounts.setMergedInto(moved, t, now))
                .flatMap(x -> balance == 0 ? Uni.createFrom().voidItem() : transfer(s, t, balance, "MERGE", merge,
                        "merge " + mergeId, actor, now))
                .flatMap(x -> book.upgradeIfQualified(target, now))
                .flatMap(x -> merges.merged(mergeId, balance, counts[0], counts[1], moved))
                .flatMap(x -> merges.lock(mergeId))
                .map(row -> new MergeResult(row.orElseThrow(), false));
    }

    /**
     * Moves a balance between two accounts whose lots were moved already: two ADJUST entries that make
     * no lot, then both accounts settle (a debt that moved consumes the receiver's lots).
     */
    private Uni<Void> transfer(String from, String to, long points, String reason, String reference, String requestId,
            Actor actor, Instant now) {
        NewEntry out = NewEntry.of(from, from, EntryKind.ADJUST, -points, reason + "_OUT", reference, requestId + " out",
                actor).withoutLot();
        NewEntry in = NewEntry.of(to, from, EntryKind.ADJUST, points, reason + "_IN", reference, requestId + " in", actor)
                .withoutLot();
        return book.append(out, now).flatMap(o -> book.append(in, now).flatMap(i -> book.settle(from, o.entryId)
                .flatMap(v -> book.settle(to, i.entryId))));
    }

    /** UnmergeAccounts: NOT_FOUND for a merge this service never saw. */
    @WithSpan("AccountMerges.unmerge")
    @WithTransaction
    public Uni<MergeResult> unmerge(String mergeId, Actor actor) {
        Span.current().setAttribute("loyalty.merge_id", mergeId);
        return merges.lock(mergeId).flatMap(found -> {
            MergeRow row = found.orElseThrow(() -> ServiceException.notFound("MERGE_NOT_FOUND", Names.merge(mergeId)));
            return split(row, actor);
        });
    }

    private Uni<MergeResult> split(MergeRow row, Actor actor) {
        if (row.state().equals("UNMERGED")) {
            return Uni.createFrom().item(new MergeResult(row, true));
        }
        Instant now = now();
        String s = row.sourcePersonId();
        List<String> origins = row.movedPersons().isEmpty() ? List.of(s) : row.movedPersons();
        return book.holderOf(row.targetPersonId()).flatMap(holderId -> accounts.lockAll(List.of(s, holderId))
                .flatMap(locked -> lots.heldFromOrigins(holderId, origins)
                        .flatMap(returned -> lots.moveOrigins(holderId, origins, s)
                                .flatMap(x -> pending.moveOrigins(holderId, origins, s))
                                .flatMap(x -> coupons.moveOrigins(holderId, origins, s))
                                .flatMap(x -> origins.size() == 1 ? Uni.createFrom().item(0)
                                        : accounts.setMergedInto(origins.subList(1, origins.size()), s, now))
                                .flatMap(x -> accounts.setMergedInto(List.of(s), null, now))
                                .flatMap(x -> returned == 0 ? Uni.createFrom().voidItem()
                                        : transfer(holderId, s, returned, "UNMERGE", Names.merge(row.mergeId()),
                                                "unmerge " + row.mergeId(), actor, now))
                                .flatMap(x -> accounts.find(s))
                                .flatMap(source -> book.upgradeIfQualified(source.orElseThrow(), now))
                                .flatMap(x -> merges.unmerged(row.mergeId(), returned, now))
                                .flatMap(x -> merges.lock(row.mergeId()))
                                .map(updated -> new MergeResult(updated.orElseThrow(), false)))));
    }

    /** Who moves points on identity's behalf (events carry no caller token). */
    public static final Actor IDENTITY_EVENTS = new Actor("identity-service", "identity-events",
            java.util.Optional.empty());

    /**
     * An identity PersonMerged event: each merged ID's account merges into the survivor's, once per
     * (request, merged ID) however often the event is delivered.
     */
    @WithSpan("AccountMerges.onPersonMerged")
    @WithTransaction
    public Uni<Void> onPersonMerged(String survivor, List<String> mergedIds, String requestId) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String merged : mergedIds) {
            if (merged.equals(survivor) || AccountName.personId(AccountName.of(merged)).isEmpty()) {
                continue;
            }
            chain = chain.flatMap(v -> merge(merged, survivor, requestId + "/" + merged, IDENTITY_EVENTS)
                    .replaceWithVoid());
        }
        return chain;
    }

    /**
     * An identity PersonUnmerged event: the merge that took {@code personId} away is split (the persons
     * merged into it come back with it). Repeated events find it split already; an unmerge of a merge
     * this service never saw does nothing.
     */
    @WithSpan("AccountMerges.onPersonUnmerged")
    @WithTransaction
    public Uni<Boolean> onPersonUnmerged(String personId) {
        return merges.activeMergeOf(personId).flatMap(mergeId -> mergeId.isEmpty() ? Uni.createFrom().item(false)
                : merges.lock(mergeId.get()).flatMap(row -> split(row.orElseThrow(), IDENTITY_EVENTS))
                        .replaceWith(true));
    }

    /** An identity PersonErased event: every erased ID's account is closed. */
    @WithSpan("AccountMerges.onPersonErased")
    @WithTransaction
    public Uni<Void> onPersonErased(List<String> personIds) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String id : personIds) {
            chain = chain.flatMap(v -> erase(id, IDENTITY_EVENTS).replaceWithVoid());
        }
        return chain;
    }

    /**
     * An identity PersonErased event: the account is closed. Open coupons are voided (their budget
     * reservations returned), pending points cancelled, the balance forfeited by one ADJUST entry. The
     * ledger keeps its entries (they carry the person ID only, no personal data). Idempotent.
     */
    @WithSpan("AccountMerges.erase")
    @WithTransaction
    public Uni<Boolean> erase(String personId, Actor actor) {
        Instant now = now();
        return accounts.lock(personId).flatMap(found -> {
            if (found.isEmpty() || found.get().closed()) {
                return Uni.createFrom().item(false);
            }
            AccountRow account = found.get();
            Uni<Void> forfeit = account.balance() <= 0 ? Uni.createFrom().voidItem()
                    : book.post(NewEntry.of(personId, personId, EntryKind.ADJUST, -account.balance(), "ERASED",
                            "persons/" + personId, "erase " + personId, actor), now).replaceWithVoid();
            return coupons.voidIssued(personId, now)
                    .flatMap(x -> pending.cancelAll(personId, now))
                    .flatMap(x -> forfeit)
                    .flatMap(x -> accounts.close(personId, now))
                    .replaceWith(true);
        });
    }
}
