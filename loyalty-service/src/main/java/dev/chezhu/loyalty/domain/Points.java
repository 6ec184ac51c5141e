package dev.chezhu.loyalty.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.domain.PointsCommands.Earn;
import dev.chezhu.loyalty.domain.PointsCommands.Reverse;
import dev.chezhu.loyalty.domain.PointsCommands.Spend;
import dev.chezhu.loyalty.domain.PointsResults.EarnResult;
import dev.chezhu.loyalty.domain.PointsResults.EntryPage;
import dev.chezhu.loyalty.domain.PointsResults.EntryResult;
import dev.chezhu.loyalty.domain.PointsResults.Pending;
import dev.chezhu.loyalty.domain.PointsResults.ReversalResult;
import dev.chezhu.loyalty.persistence.AccountStore.AccountRow;
import dev.chezhu.loyalty.persistence.LedgerEntryEntity;
import dev.chezhu.loyalty.persistence.LedgerStore;
import dev.chezhu.loyalty.persistence.PendingStore;
import dev.chezhu.platform.error.ServiceException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Points beyond plain credits: rule-based earning (with pending periods), spending, reversal of what a
 * refunded or cancelled transaction earned, manual adjustment, and the paged ledger. Every use case is
 * one transaction under the account lock, idempotent by request_id.
 */
@ApplicationScoped
public class Points {

    private final PointsBook book;
    private final LedgerStore ledger;
    private final PendingStore pending;
    private final Requests requests;
    private final ReversalPolicy defaultReversal;
    private final Clock clock;

    public Points(PointsBook book, LedgerStore ledger, PendingStore pending, Requests requests,
            LoyaltyPolicies policies, Clock clock) {
        this.book = book;
        this.ledger = ledger;
        this.pending = pending;
        this.requests = requests;
        this.defaultReversal = policies.defaultReversal();
        this.clock = clock;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static void tag(String personId, String requestId) {
        Span.current().setAttribute("loyalty.person_id", personId);
        Span.current().setAttribute("loyalty.request_id", requestId);
    }

    // --- earn

    @WithSpan("Points.earn")
    @WithTransaction
    public Uni<EarnResult> earn(Earn earn, Actor actor) {
        tag(earn.personId(), earn.requestId());
        Instant now = now();
        String fingerprint = Fingerprint.of("EarnPoints", earn.personId(), earn.rule().reason(), earn.spendAmount(),
                earn.sourceReference());
        return requests.claim(earn.requestId(), "EarnPoints", fingerprint, actor, now).flatMap(replay -> replay
                .isPresent() ? replayEarn(earn, replay.get(), now) : book.lockHolder(earn.personId(), now)
                        .flatMap(holder -> doEarn(earn, holder, actor, now)));
    }

    private Uni<EarnResult> doEarn(Earn earn, AccountRow holder, Actor actor, Instant now) {
        EarnRule rule = earn.rule();
        EarnRule.EarnQuote quote = rule.quote(earn.spendAmount(), book.tiers().level(holder.tier()));
        if (quote.points() <= 0) {
            throw ServiceException.invalidArgument("INVALID_EARN", List.of(new dev.chezhu.platform.error.FieldViolation(
                    "spend_amount", "earns 0 points under the rule (" + quote.description() + ")")));
        }
        if (quote.points() > PointsValidator.MAX_POINTS) {
            throw ServiceException.invalidArgument("INVALID_EARN", List.of(new dev.chezhu.platform.error.FieldViolation(
                    "spend_amount", "would earn more than " + PointsValidator.MAX_POINTS + " points at once")));
        }
        return checkLimits(earn, holder, now).flatMap(v -> {
            if (rule.pendingDays() == 0) {
                NewEntry entry = NewEntry.of(holder.personId(), earn.personId(), EntryKind.EARN, quote.points(),
                        rule.reason().name(), earn.sourceReference(), "earn " + earn.requestId(), actor)
                        .withSpend(earn.spendAmount());
                return book.post(entry, now)
                        .call(() -> book.upgradeIfQualified(holder, now))
                        .call(row -> requests.complete(earn.requestId(), "entry:" + row.entryId))
                        .flatMap(row -> book.statement(holder.personId(), now, Ledger.RECENT_ENTRIES)
                                .map(account -> new EarnResult(quote.points(), PointsBook.toDomain(row), null, account,
                                        false, quote.description())));
            }
            PendingStore.Hold hold = new PendingStore.Hold(UUID.randomUUID(), holder.personId(), earn.personId(),
                    quote.points(), earn.spendAmount(), rule.reason().name(), earn.sourceReference(),
                    now.plus(Duration.ofDays(rule.pendingDays())), "PENDING", null, actor.clientId(), actor.subject(),
                    actor.dealerId().orElse(null), now);
            return pending.insert(hold)
                    .call(() -> requests.complete(earn.requestId(), "pending:" + hold.pendingId()))
                    .flatMap(x -> book.statement(holder.personId(), now, Ledger.RECENT_ENTRIES))
                    .map(account -> new EarnResult(quote.points(), null, pending(hold), account, false,
                            quote.description()));
        });
    }

    /** Once-per-person and daily limits of a rule, over the person's whole (merged) history. */
    private Uni<Void> checkLimits(Earn earn, AccountRow holder, Instant now) {
        EarnRule rule = earn.rule();
        if (!rule.oncePerPerson() && rule.dailyLimit() == 0) {
            return Uni.createFrom().voidItem();
        }
        Instant since = rule.oncePerPerson() ? Instant.EPOCH : now.minus(Duration.ofDays(1));
        String reason = rule.reason().name();
        return book.family(holder.personId()).flatMap(family -> ledger.countEarns(family, reason, since)
                .flatMap(posted -> pending.countEarns(family, reason, since).map(held -> posted + held)))
                .invoke(count -> {
                    if (rule.oncePerPerson() && count > 0) {
                        throw ServiceException.failedPrecondition("ALREADY_EARNED",
                                reason + " points are earned once per person, and were earned already");
                    }
                    if (rule.dailyLimit() > 0 && count >= rule.dailyLimit()) {
                        throw ServiceException.failedPrecondition("DAILY_LIMIT_REACHED",
                                reason + " earns at most " + rule.dailyLimit() + " times a day");
                    }
                }).replaceWithVoid();
    }

    private Uni<EarnResult> replayEarn(Earn earn, String ref, Instant now) {
        String[] parts = ref.split(":", 2);
        UUID id = UUID.fromString(parts[1]);
        if (parts[0].equals("entry")) {
            return ledger.findById(id).flatMap(entry -> book.statement(entry.orElseThrow().personId, now,
                    Ledger.RECENT_ENTRIES).map(account -> new EarnResult(entry.get().points,
                            PointsBook.toDomain(entry.get()), null, account, true, earn.rule().reason().name())));
        }
        return pending.find(id).flatMap(hold -> book.statement(hold.orElseThrow().personId(), now, Ledger.RECENT_ENTRIES)
                .map(account -> new EarnResult(hold.get().points(), null, pending(hold.get()), account, true,
                        earn.rule().reason().name())));
    }

    static Pending pending(PendingStore.Hold hold) {
        return new Pending(hold.pendingId(), hold.personId(), hold.points(), hold.reason(), hold.sourceReference(),
                hold.unlockAt(), hold.state(), hold.entryId(), hold.createdAt());
    }

    // --- redeem and adjust

    @WithSpan("Points.redeem")
    @WithTransaction
    public Uni<EntryResult> redeem(Spend spend, Actor actor) {
        tag(spend.personId(), spend.requestId());
        return single("RedeemPoints", EntryKind.REDEEM, spend, -spend.points(), actor);
    }

    @WithSpan("Points.adjust")
    @WithTransaction
    public Uni<EntryResult> adjust(Spend adjustment, Actor actor) {
        tag(adjustment.personId(), adjustment.requestId());
        return single("AdjustPoints", EntryKind.ADJUST, adjustment, adjustment.points(), actor);
    }

    /** One entry of signed points; a debit may not take the balance below zero. */
    private Uni<EntryResult> single(String operation, EntryKind kind, Spend spend, long points, Actor actor) {
        Instant now = now();
        String fingerprint = Fingerprint.of(operation, spend.personId(), spend.points(), spend.reason(),
                spend.sourceReference());
        return requests.claim(spend.requestId(), operation, fingerprint, actor, now).flatMap(replay -> {
            if (replay.isPresent()) {
                UUID id = UUID.fromString(replay.get().substring("entry:".length()));
                return ledger.findById(id).flatMap(entry -> book.statement(entry.orElseThrow().personId, now,
                        Ledger.RECENT_ENTRIES).map(account -> new EntryResult(PointsBook.toDomain(entry.get()), account,
                                true)));
            }
            return book.lockHolder(spend.personId(), now).flatMap(holder -> {
                if (points < 0 && holder.balance() + points < 0) {
                    throw ServiceException.failedPrecondition("INSUFFICIENT_POINTS", AccountName.of(holder.personId())
                            + " holds " + holder.balance() + " points, fewer than " + (-points));
                }
                NewEntry entry = NewEntry.of(holder.personId(), spend.personId(), kind, points, spend.reason(),
                        spend.sourceReference(), operation.toLowerCase(java.util.Locale.ROOT) + " " + spend.requestId(),
                        actor);
                return book.post(entry, now)
                        .call(row -> requests.complete(spend.requestId(), "entry:" + row.entryId))
                        .flatMap(row -> book.statement(holder.personId(), now, Ledger.RECENT_ENTRIES)
                                .map(account -> new EntryResult(PointsBook.toDomain(row), account, false)));
            });
        });
    }

    // --- reversal

    @WithSpan("Points.reverse")
    @WithTransaction
    public Uni<ReversalResult> reverse(Reverse reverse, Actor actor) {
        Optional<String> dealerOnly = actor.dealerId();
        tag(reverse.personId(), reverse.requestId());
        Instant now = now();
        ReversalPolicy policy = reverse.policy() == null ? defaultReversal : reverse.policy();
        String fingerprint = Fingerprint.of("ReversePoints", reverse.personId(), reverse.sourceReference(),
                reverse.entryId(), reverse.reason(), reverse.policy());
        return requests.claim(reverse.requestId(), "ReversePoints", fingerprint, actor, now).flatMap(replay -> replay
                .isPresent() ? replayReversal(reverse, replay.get(), now)
                        : book.lockHolder(reverse.personId(), now).flatMap(holder -> book.family(holder.personId())
                                .flatMap(family -> targets(reverse, family)
                                        .map(t -> ownedBy(t, dealerOnly))
                                        .flatMap(t -> doReverse(reverse, policy, holder, t, actor, now)))));
    }

    private record Targets(List<PendingStore.Hold> holds, List<LedgerEntryEntity> earns) {
    }

    /** A dealer may take back only what was earned at its own dealer. */
    private static Targets ownedBy(Targets targets, Optional<String> dealer) {
        if (dealer.isEmpty()) {
            return targets;
        }
        boolean foreign = targets.holds().stream().anyMatch(h -> !dealer.get().equals(h.actorDealerId()))
                || targets.earns().stream().anyMatch(e -> !dealer.get().equals(e.actorDealerId));
        if (foreign) {
            throw ServiceException.permissionDenied("DEALER_NOT_ALLOWED",
                    "a dealer may only reverse points earned at its own dealer");
        }
        return targets;
    }

    private Uni<Targets> targets(Reverse reverse, List<String> family) {
        if (reverse.sourceReference() != null) {
            return pending.pendingBySource(family, reverse.sourceReference())
                    .flatMap(holds -> ledger.unreversedEarns(family, reverse.sourceReference())
                            .map(earns -> new Targets(holds, earns)));
        }
        return ledger.findById(reverse.entryId()).flatMap(found -> {
            if (found.isEmpty() || !family.contains(found.get().personId)) {
                throw ServiceException.notFound("ENTRY_NOT_FOUND",
                        Names.entry(reverse.personId(), reverse.entryId()));
            }
            if (!found.get().kind.equals(EntryKind.EARN.name())) {
                throw ServiceException.failedPrecondition("NOT_AN_EARN",
                        "only EARN entries can be reversed; this one is " + found.get().kind);
            }
            return ledger.reversed(reverse.entryId()).map(done -> {
                if (done) {
                    throw ServiceException.failedPrecondition("ALREADY_REVERSED",
                            Names.entry(found.get().personId, reverse.entryId()) + " was reversed already");
                }
                return new Targets(List.of(), List.of(found.get()));
            });
        });
    }

    private Uni<ReversalResult> doReverse(Reverse reverse, ReversalPolicy policy, AccountRow holder, Targets targets,
            Actor actor, Instant now) {
        if (targets.holds().isEmpty() && targets.earns().isEmpty()) {
            throw ServiceException.failedPrecondition("NOTHING_TO_REVERSE", "nothing earned with source_reference "
                    + reverse.sourceReference() + " is left to take back (never earned, or reversed already)");
        }
        List<ReversalPolicy.Share> shares = policy.plan(targets.earns().stream()
                .map(e -> new ReversalPolicy.Earned(e.entryId, e.points)).toList(), holder.balance());
        List<LedgerEntryEntity> written = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (PendingStore.Hold hold : targets.holds()) {
            chain = chain.flatMap(v -> pending.cancel(hold.pendingId(), now));
        }
        for (ReversalPolicy.Share share : shares) {
            LedgerEntryEntity earned = targets.earns().stream().filter(e -> e.entryId.equals(share.entryId()))
                    .findFirst().orElseThrow();
            chain = chain.flatMap(v -> {
                if (share.recovered() == 0) {
                    return ledger.recordReversal(share.entryId(), null, holder.personId(), 0, share.unrecovered(),
                            policy.name(), reverse.reason(), reverse.requestId(), now);
                }
                NewEntry entry = NewEntry.of(holder.personId(), earned.personId, EntryKind.REVERSE, -share.recovered(),
                        reverse.reason(), earned.sourceReference, "reverse " + reverse.requestId() + " " + share.entryId(),
                        actor).reversing(share.entryId()).withSpend(0);
                return book.post(entry, now).invoke(written::add)
                        .flatMap(row -> ledger.recordReversal(share.entryId(), row.entryId, holder.personId(),
                                share.recovered(), share.unrecovered(), policy.name(), reverse.reason(),
                                reverse.requestId(), now));
            });
        }
        long recovered = shares.stream().mapToLong(ReversalPolicy.Share::recovered).sum()
                + targets.holds().stream().mapToLong(PendingStore.Hold::points).sum();
        long unrecovered = shares.stream().mapToLong(ReversalPolicy.Share::unrecovered).sum();
        return chain.flatMap(v -> {
            String ref = String.join("|", policy.name(), Long.toString(recovered), Long.toString(unrecovered),
                    String.join(",", written.stream().map(e -> e.entryId.toString()).toList()),
                    String.join(",", targets.holds().stream().map(h -> h.pendingId().toString()).toList()));
            return requests.complete(reverse.requestId(), ref);
        }).flatMap(v -> book.statement(holder.personId(), now, Ledger.RECENT_ENTRIES))
                .map(account -> new ReversalResult(written.stream().map(PointsBook::toDomain).toList(),
                        targets.holds().stream().map(h -> cancelled(h, now)).toList(), recovered, unrecovered, policy,
                        account, false));
    }

    private static Pending cancelled(PendingStore.Hold hold, Instant now) {
        return new Pending(hold.pendingId(), hold.personId(), hold.points(), hold.reason(), hold.sourceReference(),
                hold.unlockAt(), "CANCELLED", null, hold.createdAt());
    }

    private Uni<ReversalResult> replayReversal(Reverse reverse, String ref, Instant now) {
        String[] parts = ref.split("\\|", -1);
        ReversalPolicy policy = ReversalPolicy.valueOf(parts[0]);
        List<UUID> entryIds = ids(parts[3]);
        List<UUID> pendingIds = ids(parts[4]);
        Uni<List<Pending>> holds = Uni.createFrom().item(new ArrayList<Pending>());
        for (UUID id : pendingIds) {
            holds = holds.flatMap(list -> pending.find(id).map(h -> {
                list.add(pending(h.orElseThrow()));
                return list;
            }));
        }
        return holds.flatMap(cancelled -> ledger.findByIds(entryIds)
                .flatMap(entries -> book.statement(reverse.personId(), now, Ledger.RECENT_ENTRIES)
                        .map(account -> new ReversalResult(entries.stream().map(PointsBook::toDomain).toList(),
                                cancelled, Long.parseLong(parts[1]), Long.parseLong(parts[2]), policy, account, true))));
    }

    private static List<UUID> ids(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.stream(joined.split(",")).map(UUID::fromString).toList();
    }

    // --- the ledger, paged

    @WithSpan("Points.entries")
    @WithSession
    public Uni<EntryPage> entries(String personId, int pageSize, String pageToken) {
        int size = PageToken.size(pageSize);
        String position = PageToken.decode("entries", pageToken);
        long before;
        try {
            before = position == null ? Long.MAX_VALUE : Long.parseLong(position);
        } catch (NumberFormatException e) {
            throw ServiceException.invalidField("page_token", "not a page token of this list");
        }
        return book.holderOf(personId).flatMap(holder -> book.family(holder)).flatMap(family -> ledger
                .page(family, before, size + 1).map(rows -> {
                    List<LedgerEntryEntity> page = rows.size() > size ? rows.subList(0, size) : rows;
                    String next = rows.size() > size ? PageToken.encode("entries", page.get(page.size() - 1).seq.toString())
                            : "";
                    return new EntryPage(page.stream().map(PointsBook::toDomain).toList(), next);
                }));
    }
}
