package dev.chezhu.loyalty.grpc;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import dev.chezhu.loyalty.domain.AccountName;
import dev.chezhu.loyalty.domain.AccountStatement;
import dev.chezhu.loyalty.domain.CreditCommand;
import dev.chezhu.loyalty.domain.CreditResult;
import dev.chezhu.loyalty.domain.PointsEntry;
import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.CreditPointsRequest;
import dev.chezhu.loyalty.v1.CreditPointsResponse;
import dev.chezhu.loyalty.v1.LedgerEntry;
import dev.chezhu.loyalty.v1.LedgerEntryKind;

/** Wire types ↔ domain types. No decisions here beyond the mapping itself. */
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
                .setTier(statement.tier());
        if (statement.createdAt() != null) {
            account.setCreateTime(timestamp(statement.createdAt()));
        }
        statement.recentEntries().forEach(entry -> account.addRecentEntries(toWire(entry)));
        return account.build();
    }

    static LedgerEntry toWire(PointsEntry entry) {
        return LedgerEntry.newBuilder()
                .setName(AccountName.of(entry.personId()) + "/entries/" + entry.entryId())
                .setEntryId(entry.entryId().toString())
                .setKind(LedgerEntryKind.valueOf("LEDGER_ENTRY_KIND_" + entry.kind().name()))
                .setPoints(entry.points())
                .setReason(entry.reason())
                .setSourceReference(entry.sourceReference())
                .setCreateTime(timestamp(entry.createdAt()))
                .build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
