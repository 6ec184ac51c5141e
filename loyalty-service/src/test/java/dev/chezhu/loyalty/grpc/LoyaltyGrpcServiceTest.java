package dev.chezhu.loyalty.grpc;

import static dev.chezhu.loyalty.grpc.LoyaltyRequests.credit;
import static dev.chezhu.loyalty.grpc.LoyaltyRequests.get;
import static dev.chezhu.loyalty.grpc.LoyaltyRequests.newPerson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import dev.chezhu.loyalty.persistence.LedgerSql;
import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.CreditPointsRequest;
import dev.chezhu.loyalty.v1.CreditPointsResponse;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.loyalty.v1.LedgerEntry;
import dev.chezhu.loyalty.v1.LedgerEntryKind;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.platform.error.ErrorDetails;
import dev.chezhu.platform.testing.TestCallers;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** LoyaltyService over real gRPC, against the real PostgreSQL and Keycloak. */
@QuarkusTest
class LoyaltyGrpcServiceTest {

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    @Inject
    LedgerSql sql;

    private LoyaltyServiceBlockingStub asService() {
        return loyalty.withCallCredentials(TestCallers.service("gateway"));
    }

    private static StatusRuntimeException refused(Supplier<?> call) {
        return assertThrows(StatusRuntimeException.class, call::get);
    }

    private static List<String> violatedFields(StatusRuntimeException refused) {
        return ErrorDetails.badRequest(refused).orElseThrow().getFieldViolationsList().stream()
                .map(BadRequest.FieldViolation::getField).toList();
    }

    @Test
    void creditsFromEveryAllowedRoleLandAndTheAccountShowsThemNewestFirst() {
        String person = newPerson();
        CreditPointsRequest dealerCredit = credit(person, 300).setReason("SERVICE_VISIT")
                .setSourceReference("visits/V-1").build();
        CreditPointsResponse byDealer = loyalty.withCallCredentials(TestCallers.dealerD001()).creditPoints(dealerCredit);
        CreditPointsResponse byAdmin = loyalty.withCallCredentials(TestCallers.platformAdmin())
                .creditPoints(credit(person, 50).setReason("GOODWILL").build());
        CreditPointsResponse byService = asService().creditPoints(credit(person, 1200).setReason("PURCHASE").build());

        assertFalse(byDealer.getReplayed());
        LedgerEntry entry = byDealer.getEntry();
        assertEquals(LedgerEntryKind.LEDGER_ENTRY_KIND_EARN, entry.getKind());
        assertEquals(300, entry.getPoints());
        assertEquals("SERVICE_VISIT", entry.getReason());
        assertEquals("visits/V-1", entry.getSourceReference());
        assertEquals("accounts/" + person + "/entries/" + entry.getEntryId(), entry.getName());
        assertTrue(entry.hasCreateTime());
        assertEquals(300, byDealer.getAccount().getBalance(), "the response shows the balance after the credit");
        assertEquals(350, byAdmin.getAccount().getBalance());
        assertEquals(1550, byService.getAccount().getBalance());

        Account account = loyalty.withCallCredentials(TestCallers.partner()).getAccount(get(person));
        assertEquals("accounts/" + person, account.getName());
        assertEquals(person, account.getPersonId());
        assertEquals(1550, account.getBalance());
        assertEquals(0, account.getPending());
        assertEquals("STANDARD", account.getTier());
        assertTrue(account.hasCreateTime());
        assertEquals(List.of(byService.getEntry(), byAdmin.getEntry(), byDealer.getEntry()),
                account.getRecentEntriesList(), "newest first, exactly as each credit answered");

        assertEquals(1550, sql.ledgerSum(person));
        assertEquals(1550, sql.balanceSnapshot(person));
        assertEquals("D001", sql.column("actor_dealer_id", dealerCredit.getRequestId()),
                "a dealer's credit records the dealer");
    }

    @Test
    void aPersonNeverCreditedHasAnEmptyAccountAndReadingWritesNothing() {
        String person = newPerson();
        Account account = loyalty.withCallCredentials(TestCallers.dealerD002()).getAccount(get(person));
        assertEquals("accounts/" + person, account.getName());
        assertEquals(0, account.getBalance());
        assertEquals(0, account.getPending());
        assertEquals("STANDARD", account.getTier());
        assertEquals(0, account.getRecentEntriesCount());
        assertFalse(account.hasCreateTime());
        assertEquals(-1, sql.balanceSnapshot(person), "a read does not create the account row");
    }

    @Test
    void aResentCreditIsReplayedAndCreditsNothing() {
        String person = newPerson();
        CreditPointsRequest request = credit(person, 400).build();
        CreditPointsResponse first = asService().creditPoints(request);
        CreditPointsResponse again = asService().creditPoints(request);

        assertFalse(first.getReplayed());
        assertTrue(again.getReplayed());
        assertEquals(first.getEntry(), again.getEntry(), "the resend answers with the first entry");
        assertEquals(400, again.getAccount().getBalance());
        assertEquals(1, sql.entriesWithRequestId(request.getRequestId()));
        assertEquals(400, sql.ledgerSum(person));
    }

    @Test
    void aRequestIdReusedForAnotherCreditIsRefusedAndChangesNothing() {
        String person = newPerson();
        CreditPointsRequest original = credit(person, 100).build();
        LoyaltyServiceBlockingStub dealer = loyalty.withCallCredentials(TestCallers.dealerD001());
        dealer.creditPoints(original);

        String otherPerson = newPerson();
        List<CreditPointsRequest> reuses = List.of(
                original.toBuilder().setPoints(101).build(),
                original.toBuilder().setReason("REFERRAL").build(),
                original.toBuilder().setSourceReference("visits/other").build(),
                original.toBuilder().setAccount("accounts/" + otherPerson).build());
        for (CreditPointsRequest reuse : reuses) {
            StatusRuntimeException refused = refused(() -> dealer.creditPoints(reuse));
            assertEquals(Status.Code.ALREADY_EXISTS, refused.getStatus().getCode());
            ErrorInfo info = ErrorDetails.errorInfo(refused).orElseThrow();
            assertEquals("REQUEST_ID_REUSED", info.getReason());
            assertEquals(ErrorDetails.DOMAIN, info.getDomain());
        }
        // the same payload from another caller is not that caller's resend either
        StatusRuntimeException otherCaller = refused(
                () -> loyalty.withCallCredentials(TestCallers.dealerD002()).creditPoints(original));
        assertEquals(Status.Code.ALREADY_EXISTS, otherCaller.getStatus().getCode());

        assertEquals(100, sql.ledgerSum(person));
        assertEquals(1, sql.entriesWithRequestId(original.getRequestId()));
        assertEquals(-1, sql.balanceSnapshot(otherPerson), "the refused credit's account creation was rolled back");
    }

    @Test
    void aZeroOrNegativeCreditIsInvalidOnThePointsFieldAndWritesNothing() {
        for (long points : new long[] { 0, -25, 1_000_001 }) {
            String person = newPerson();
            StatusRuntimeException refused = refused(() -> asService().creditPoints(credit(person, points).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
            assertEquals("INVALID_CREDIT", ErrorDetails.errorInfo(refused).orElseThrow().getReason());
            assertEquals(List.of("points"), violatedFields(refused));
            assertEquals(-1, sql.balanceSnapshot(person));
        }
    }

    @Test
    void anEmptyCreditReportsEveryViolation() {
        StatusRuntimeException refused = refused(() -> asService().creditPoints(CreditPointsRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertEquals(List.of("account", "points", "reason", "source_reference", "request_id"), violatedFields(refused));
    }

    @Test
    void aMalformedAccountNameIsInvalid() {
        for (String name : List.of("", "persons/p-1", "accounts/", "accounts/p_1", "accounts/a/entries/b")) {
            StatusRuntimeException refused = refused(() -> asService().getAccount(
                    GetAccountRequest.newBuilder().setName(name).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), name);
            assertEquals(List.of("name"), violatedFields(refused));
        }
    }

    @Test
    void theAccountShowsTheTwentyNewestEntriesAndTheWholeBalance() {
        String person = newPerson();
        LoyaltyServiceBlockingStub service = asService();
        LongStream.rangeClosed(1, 23).forEach(points -> service.creditPoints(credit(person, points).build()));

        Account account = service.getAccount(get(person));
        assertEquals(23 * 24 / 2, account.getBalance());
        assertEquals(20, account.getRecentEntriesCount());
        assertEquals(LongStream.iterate(23, p -> p - 1).limit(20).boxed().toList(),
                account.getRecentEntriesList().stream().map(LedgerEntry::getPoints).toList());
        assertEquals(23, sql.entryCount(person));
        assertEquals(23, sql.version(person));
    }
}
