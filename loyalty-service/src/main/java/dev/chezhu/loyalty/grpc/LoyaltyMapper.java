package dev.chezhu.loyalty.grpc;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import dev.chezhu.loyalty.domain.AccountName;
import dev.chezhu.loyalty.domain.AccountStatement;
import dev.chezhu.loyalty.domain.CreditCommand;
import dev.chezhu.loyalty.domain.CreditResult;
import dev.chezhu.loyalty.domain.Names;
import dev.chezhu.loyalty.domain.PointsEntry;
import dev.chezhu.loyalty.domain.PointsResults;
import dev.chezhu.loyalty.domain.ReversalPolicy;
import dev.chezhu.loyalty.persistence.MergeStore.MergeRow;
import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.AccountMerge;
import dev.chezhu.loyalty.v1.CreditPointsRequest;
import dev.chezhu.loyalty.v1.CreditPointsResponse;
import dev.chezhu.loyalty.v1.EarnPointsResponse;
import dev.chezhu.loyalty.v1.LedgerEntry;
import dev.chezhu.loyalty.v1.LedgerEntryKind;
import dev.chezhu.loyalty.v1.MergeState;
import dev.chezhu.loyalty.v1.PendingPoints;
import dev.chezhu.loyalty.v1.PendingPointsState;
import dev.chezhu.loyalty.v1.ReversePointsResponse;

/** Wire types ↔ domain types for points. No decisions here beyond the mapping itself. */
final class LoyaltyMapper {

    private LoyaltyMapper() {
    }

    static CreditCommand toCommand(CreditPointsRequest request) {
        return new CreditCommand(request.getAccount(), request.getPoints(), request.getReason(),
                request.getSourceReference(), request.getRequestId());
    }

    static CreditPointsResponse toResponse(CreditResult result) {
        return CreditPointsResponse.newBuilder()
                .setEntry(toWire(result.entry()))
                .setAccount(toWire(result.account()))
                .setReplayed(result.replayed())
                .build();
    }

    static Account toWire(AccountStatement statement) {
        Account.Builder account = Account.newBuilder()
                .setName(AccountName.of(statement.personId()))
                .setPersonId(statement.personId())
                .setBalance(statement.balance())
                .setPending(statement.pending())
                .setTier(statement.tier())
                .setTierQualifyingValue(statement.tierQualifying())
                .setTierBasis(statement.tierBasis())
                .setNextExpiringPoints(statement.nextExpiringPoints());
        if (statement.createdAt() != null) {
            account.setCreateTime(timestamp(statement.createdAt()));
        }
        if (statement.tierReviewAt() != null) {
            account.setTierReviewTime(timestamp(statement.tierReviewAt()));
        }
        if (statement.nextExpireAt() != null) {
            account.setNextExpireTime(timestamp(statement.nextExpireAt()));
        }
        statement.mergedPersons().forEach(p -> account.addMergedAccounts(AccountName.of(p)));
        statement.recentEntries().forEach(entry -> account.addRecentEntries(toWire(entry)));
        return account.build();
    }

    static LedgerEntry toWire(PointsEntry entry) {
        LedgerEntry.Builder wire = LedgerEntry.newBuilder()
                .setName(Names.entry(entry.personId(), entry.entryId()))
                .setEntryId(entry.entryId().toString())
                .setKind(LedgerEntryKind.valueOf("LEDGER_ENTRY_KIND_" + entry.kind().name()))
                .setPoints(entry.points())
                .setReason(entry.reason())
                .setSourceReference(entry.sourceReference())
                .setCreateTime(timestamp(entry.createdAt()))
                .setSpendAmount(entry.spendAmount());
        if (entry.expiresAt() != null) {
            wire.setExpireTime(timestamp(entry.expiresAt()));
        }
        if (entry.reversesEntryId() != null) {
            wire.setReversesEntry(Names.entry(entry.personId(), entry.reversesEntryId()));
        }
        return wire.build();
    }

    static PendingPoints toWire(PointsResults.Pending pending) {
        PendingPoints.Builder wire = PendingPoints.newBuilder()
                .setName(Names.pending(pending.personId(), pending.pendingId()))
                .setPendingId(pending.pendingId().toString())
                .setPoints(pending.points())
                .setReason(pending.reason())
                .setSourceReference(pending.sourceReference())
                .setUnlockTime(timestamp(pending.unlockAt()))
                .setState(PendingPointsState.valueOf("PENDING_POINTS_STATE_" + pending.state()))
                .setCreateTime(timestamp(pending.createdAt()));
        if (pending.entryId() != null) {
            wire.setEntry(Names.entry(pending.personId(), pending.entryId()));
        }
        return wire.build();
    }

    static EarnPointsResponse toWire(PointsResults.EarnResult result) {
        EarnPointsResponse.Builder wire = EarnPointsResponse.newBuilder()
                .setPoints(result.points())
                .setAccount(toWire(result.account()))
                .setReplayed(result.replayed())
                .setRule(result.rule());
        if (result.entry() != null) {
            wire.setEntry(toWire(result.entry()));
        } else {
            wire.setPending(toWire(result.pending()));
        }
        return wire.build();
    }

    static ReversePointsResponse toWire(PointsResults.ReversalResult result) {
        ReversePointsResponse.Builder wire = ReversePointsResponse.newBuilder()
                .setPointsReversed(result.pointsReversed())
                .setPointsUnrecovered(result.pointsUnrecovered())
                .setPolicy(toWire(result.policy()))
                .setAccount(toWire(result.account()))
                .setReplayed(result.replayed());
        result.entries().forEach(e -> wire.addEntries(toWire(e)));
        result.cancelled().forEach(p -> wire.addCancelled(toWire(p)));
        return wire.build();
    }

    static dev.chezhu.loyalty.v1.ReversalPolicy toWire(ReversalPolicy policy) {
        return dev.chezhu.loyalty.v1.ReversalPolicy.valueOf("REVERSAL_POLICY_" + policy.name());
    }

    static ReversalPolicy toDomain(dev.chezhu.loyalty.v1.ReversalPolicy policy) {
        return switch (policy) {
            case REVERSAL_POLICY_NEGATIVE_BALANCE -> ReversalPolicy.NEGATIVE_BALANCE;
            case REVERSAL_POLICY_CAP_AT_BALANCE -> ReversalPolicy.CAP_AT_BALANCE;
            default -> null;
        };
    }

    static AccountMerge toWire(MergeRow row) {
        AccountMerge.Builder wire = AccountMerge.newBuilder()
                .setName(Names.merge(row.mergeId()))
                .setMergeId(row.mergeId())
                .setSourceAccount(AccountName.of(row.sourcePersonId()))
                .setTargetAccount(AccountName.of(row.targetPersonId()))
                .setState(MergeState.valueOf("MERGE_STATE_" + row.state()))
                .setPointsMoved(row.pointsMoved())
                .setPendingMovedCount(row.pendingMoved())
                .setCouponsMovedCount(row.couponsMoved())
                .setPointsReturned(row.pointsReturned());
        if (row.mergedAt() != null) {
            wire.setMergeTime(timestamp(row.mergedAt()));
        }
        if (row.unmergedAt() != null) {
            wire.setUnmergeTime(timestamp(row.unmergedAt()));
        }
        return wire.build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
