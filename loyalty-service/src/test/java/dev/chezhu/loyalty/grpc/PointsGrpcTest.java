package dev.chezhu.loyalty.grpc;

import static dev.chezhu.loyalty.grpc.Wire.earn;
import static dev.chezhu.loyalty.grpc.Wire.id;
import static dev.chezhu.loyalty.grpc.Wire.newPerson;
import static dev.chezhu.loyalty.grpc.Wire.refused;
import static dev.chezhu.loyalty.grpc.Wire.violatedFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.Callers;
import dev.chezhu.loyalty.persistence.LedgerSql;
import dev.chezhu.loyalty.v1.AdjustPointsRequest;
import dev.chezhu.loyalty.v1.EarnPointsRequest;
import dev.chezhu.loyalty.v1.EarnPointsResponse;
import dev.chezhu.loyalty.v1.LedgerEntry;
import dev.chezhu.loyalty.v1.LedgerEntryKind;
import dev.chezhu.loyalty.v1.ListLedgerEntriesRequest;
import dev.chezhu.loyalty.v1.ListLedgerEntriesResponse;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.loyalty.v1.PendingPointsState;
import dev.chezhu.loyalty.v1.RedeemPointsRequest;
import dev.chezhu.loyalty.v1.RedeemPointsResponse;
import dev.chezhu.loyalty.v1.ReversalPolicy;
import dev.chezhu.loyalty.v1.ReversePointsRequest;
import dev.chezhu.loyalty.v1.ReversePointsResponse;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** EarnPoints, RedeemPoints, ReversePoints, AdjustPoints and ListLedgerEntries over gRPC, on the real database. */
@QuarkusTest
class PointsGrpcTest {

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    @Inject
    LedgerSql sql;

    private LoyaltyServiceBlockingStub service() {
        return loyalty.withCallCredentials(Callers.service());
    }

    private void assertBooksBalance(String person) {
        long balance = sql.balanceSnapshot(person);
        assertEquals(sql.ledgerSum(person), balance, "balance = sum of the ledger");
        assertEquals(Math.max(balance, 0), sql.lotsHeld(person), "lots = max(balance, 0)");
        assertEquals(0, sql.inconsistentLots());
    }

    @Test
    void aServiceVisitEarnsAtOnceByTheRuleAndAPurchaseWaitsItsReturnPeriod() {
        String person = newPerson();
        EarnPointsResponse visit = loyalty.withCallCredentials(Callers.dealerD001())
                .earnPoints(earn(person, "SERVICE_VISIT", 45_678).build());
        assertEquals(456, visit.getPoints(), "1 point per whole yuan of 456.78 CNY");
        assertTrue(visit.hasEntry());
        assertEquals(LedgerEntryKind.LEDGER_ENTRY_KIND_EARN, visit.getEntry().getKind());
        assertEquals(45_678, visit.getEntry().getSpendAmount());
        assertTrue(visit.getEntry().hasExpireTime(), "a lot with its expiry");
        assertEquals(456, visit.getAccount().getBalance());
        assertTrue(visit.getRule().startsWith("SERVICE_VISIT: 1 point per 1.00 CNY"), visit.getRule());

        EarnPointsResponse purchase = service().earnPoints(earn(person, "PURCHASE", 100_000).build());
        assertEquals(1_000, purchase.getPoints());
        assertTrue(purchase.hasPending());
        assertEquals(PendingPointsState.PENDING_POINTS_STATE_PENDING, purchase.getPending().getState());
        assertEquals(14 * 86_400, purchase.getPending().getUnlockTime().getSeconds()
                - purchase.getPending().getCreateTime().getSeconds());
        assertEquals(456, purchase.getAccount().getBalance(), "pending points are not spendable");
        assertEquals(1_000, purchase.getAccount().getPending());
        assertBooksBalance(person);
    }

    @Test
    void anEarnIsIdempotentAndARequestIdCannotBeReusedForAnotherEarn() {
        String person = newPerson();
        EarnPointsRequest request = earn(person, "PURCHASE", 20_000).build();
        EarnPointsResponse first = service().earnPoints(request);
        EarnPointsResponse again = service().earnPoints(request);
        assertFalse(first.getReplayed());
        assertTrue(again.getReplayed());
        assertEquals(first.getPending().getPendingId(), again.getPending().getPendingId());
        assertEquals(200, again.getAccount().getPending());
        refused(Status.Code.ALREADY_EXISTS, "REQUEST_ID_REUSED",
                () -> service().earnPoints(request.toBuilder().setSpendAmount(20_100).build()));
        refused(Status.Code.ALREADY_EXISTS, "REQUEST_ID_REUSED",
                () -> loyalty.withCallCredentials(Callers.dealerD001()).earnPoints(request));
    }

    @Test
    void duplicatedEarnRequestsSentTogetherAreCreditedOnce() throws Exception {
        String person = newPerson();
        EarnPointsRequest request = earn(person, "SERVICE_VISIT", 77_700).build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<EarnPointsResponse>> answers = new ArrayList<>();
            LoyaltyServiceBlockingStub stub = service();
            for (int i = 0; i < 24; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return stub.earnPoints(request);
                }));
            }
            go.countDown();
            Set<String> entries = new HashSet<>();
            int written = 0;
            for (Future<EarnPointsResponse> answer : answers) {
                EarnPointsResponse response = answer.get(60, TimeUnit.SECONDS);
                entries.add(response.getEntry().getEntryId());
                written += response.getReplayed() ? 0 : 1;
            }
            assertEquals(1, written, "exactly one earn was written");
            assertEquals(1, entries.size(), "every duplicate answered with the same entry");
            assertEquals(1, sql.entryCount(person));
            assertEquals(777, sql.balanceSnapshot(person));
            assertBooksBalance(person);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badEarnsAreRefusedWithTheirReasonAndWriteNothing() {
        String person = newPerson();
        EarnPointsRequest tooSmall = earn(person, "SERVICE_VISIT", 99).build();
        var zero = refused(Status.Code.INVALID_ARGUMENT, "INVALID_EARN", () -> service().earnPoints(tooSmall));
        assertEquals(List.of("spend_amount"), violatedFields(zero), "0.99 CNY earns 0 points");
        var negative = refused(Status.Code.INVALID_ARGUMENT, "INVALID_EARN",
                () -> service().earnPoints(earn(person, "PURCHASE", -500).build()));
        assertEquals(List.of("spend_amount"), violatedFields(negative));
        refused(Status.Code.INVALID_ARGUMENT, "INVALID_EARN",
                () -> service().earnPoints(earn(person, "GOODWILL", 0).build()));
        assertEquals(-1, sql.balanceSnapshot(person), "not even the account was created");
        assertEquals(0, sql.single("select count(*) from loyalty_request where request_id = ?", tooSmall.getRequestId()),
                "the refused request left no claim: a corrected retry with the same request_id can succeed");
        assertEquals(1, service().earnPoints(tooSmall.toBuilder().setSpendAmount(100).build()).getPoints());
    }

    @Test
    void profileCompletionEarnsOnceAndSharingAtMostFiveTimesADay() {
        String person = newPerson();
        assertEquals(200, service().earnPoints(earn(person, "PROFILE_COMPLETION", 0).build()).getPoints());
        refused(Status.Code.FAILED_PRECONDITION, "ALREADY_EARNED",
                () -> service().earnPoints(earn(person, "PROFILE_COMPLETION", 0).build()));
        for (int i = 0; i < 5; i++) {
            assertEquals(10, service().earnPoints(earn(person, "CONTENT_SHARE", 0).build()).getPoints());
        }
        refused(Status.Code.FAILED_PRECONDITION, "DAILY_LIMIT_REACHED",
                () -> service().earnPoints(earn(person, "CONTENT_SHARE", 0).build()));
        assertEquals(250, sql.balanceSnapshot(person));
    }

    @Test
    void spendingTakesTheOldestExpiringLotsFirstAndNeverOverdraws() {
        String person = newPerson();
        service().earnPoints(earn(person, "SERVICE_VISIT", 30_000).build());
        service().earnPoints(earn(person, "SERVICE_VISIT", 50_000).build());
        RedeemPointsResponse spent = service().redeemPoints(RedeemPointsRequest.newBuilder()
                .setAccount("accounts/" + person).setPoints(400).setReason("SERVICE_PAYMENT")
                .setSourceReference("invoices/I-1").setRequestId(id()).build());
        assertEquals(-400, spent.getEntry().getPoints());
        assertEquals(LedgerEntryKind.LEDGER_ENTRY_KIND_REDEEM, spent.getEntry().getKind());
        assertEquals(400, spent.getAccount().getBalance());
        assertEquals(List.of("0", "400"), sql.strings("select remaining from points_lot where person_id = ? "
                + "order by created_at", person), "the first lot (300) went first, then 100 of the second");
        refused(Status.Code.FAILED_PRECONDITION, "INSUFFICIENT_POINTS", () -> service().redeemPoints(
                RedeemPointsRequest.newBuilder().setAccount("accounts/" + person).setPoints(401)
                        .setReason("SERVICE_PAYMENT").setSourceReference("invoices/I-2").setRequestId(id()).build()));
        refused(Status.Code.INVALID_ARGUMENT, "INVALID_REDEMPTION", () -> service().redeemPoints(
                RedeemPointsRequest.newBuilder().setAccount("accounts/" + person).setPoints(-5)
                        .setReason("SERVICE_PAYMENT").setSourceReference("invoices/I-2").setRequestId(id()).build()));
        assertBooksBalance(person);
    }

    private ReversePointsResponse reverse(String person, String source, ReversalPolicy policy) {
        return service().reversePoints(ReversePointsRequest.newBuilder().setAccount("accounts/" + person)
                .setSourceReference(source).setReason("REFUND").setPolicy(policy).setRequestId(id()).build());
    }

    @Test
    void aRefundTakesBackWhatItsOrderEarnedPendingOrPosted() {
        String person = newPerson();
        EarnPointsRequest visit = earn(person, "SERVICE_VISIT", 40_000).setSourceReference("orders/R-" + id()).build();
        service().earnPoints(visit);
        EarnPointsRequest purchase = earn(person, "PURCHASE", 90_000).setSourceReference(visit.getSourceReference())
                .build();
        service().earnPoints(purchase);

        ReversePointsResponse reversed = reverse(person, visit.getSourceReference(),
                ReversalPolicy.REVERSAL_POLICY_UNSPECIFIED);
        assertEquals(ReversalPolicy.REVERSAL_POLICY_NEGATIVE_BALANCE, reversed.getPolicy(), "the service default");
        assertEquals(1, reversed.getEntriesCount());
        assertEquals(-400, reversed.getEntries(0).getPoints());
        assertTrue(reversed.getEntries(0).getReversesEntry().contains("/entries/"));
        assertEquals(1, reversed.getCancelledCount());
        assertEquals(PendingPointsState.PENDING_POINTS_STATE_CANCELLED, reversed.getCancelled(0).getState());
        assertEquals(1_300, reversed.getPointsReversed());
        assertEquals(0, reversed.getAccount().getBalance());
        assertEquals(0, reversed.getAccount().getPending());
        refused(Status.Code.FAILED_PRECONDITION, "NOTHING_TO_REVERSE",
                () -> reverse(person, visit.getSourceReference(), ReversalPolicy.REVERSAL_POLICY_UNSPECIFIED));
        assertBooksBalance(person);
    }

    @Test
    void pointsAlreadySpentGoNegativeOrAreWrittenOffAsThePolicySays() {
        String negative = newPerson();
        EarnPointsRequest earned = earn(negative, "SERVICE_VISIT", 50_000).build();
        service().earnPoints(earned);
        spend(negative, 450);
        ReversePointsResponse debt = reverse(negative, earned.getSourceReference(),
                ReversalPolicy.REVERSAL_POLICY_NEGATIVE_BALANCE);
        assertEquals(500, debt.getPointsReversed());
        assertEquals(0, debt.getPointsUnrecovered());
        assertEquals(-450, debt.getAccount().getBalance(), "the person owes 450 points");
        assertBooksBalance(negative);
        EarnPointsResponse later = service().earnPoints(earn(negative, "SERVICE_VISIT", 60_000).build());
        assertEquals(150, later.getAccount().getBalance(), "the next earn pays the debt first");
        assertEquals(150, sql.lotsHeld(negative));
        assertBooksBalance(negative);

        String capped = newPerson();
        EarnPointsRequest earned2 = earn(capped, "SERVICE_VISIT", 50_000).build();
        service().earnPoints(earned2);
        spend(capped, 450);
        ReversePointsResponse writtenOff = reverse(capped, earned2.getSourceReference(),
                ReversalPolicy.REVERSAL_POLICY_CAP_AT_BALANCE);
        assertEquals(50, writtenOff.getPointsReversed());
        assertEquals(450, writtenOff.getPointsUnrecovered());
        assertEquals(0, writtenOff.getAccount().getBalance(), "never below zero");
        assertEquals("450", sql.text("select points_unrecovered from points_reversal where person_id = ?", capped));
        refused(Status.Code.FAILED_PRECONDITION, "NOTHING_TO_REVERSE",
                () -> reverse(capped, earned2.getSourceReference(), ReversalPolicy.REVERSAL_POLICY_CAP_AT_BALANCE));
        assertBooksBalance(capped);
    }

    private void spend(String person, long points) {
        service().redeemPoints(RedeemPointsRequest.newBuilder().setAccount("accounts/" + person).setPoints(points)
                .setReason("MERCHANDISE").setSourceReference("orders/M-" + id()).setRequestId(id()).build());
    }

    @Test
    void aDealerMayReverseOnlyWhatItsOwnDealerGave() {
        String person = newPerson();
        EarnPointsRequest atD001 = earn(person, "SERVICE_VISIT", 10_000).build();
        loyalty.withCallCredentials(Callers.dealerD001()).earnPoints(atD001);
        refused(Status.Code.PERMISSION_DENIED, "DEALER_NOT_ALLOWED", () -> loyalty.withCallCredentials(
                Callers.dealerD002()).reversePoints(ReversePointsRequest.newBuilder().setAccount("accounts/" + person)
                        .setSourceReference(atD001.getSourceReference()).setReason("REFUND").setRequestId(id()).build()));
        assertEquals(100, sql.balanceSnapshot(person));
        ReversePointsResponse own = loyalty.withCallCredentials(Callers.dealerD001()).reversePoints(
                ReversePointsRequest.newBuilder().setAccount("accounts/" + person)
                        .setSourceReference(atD001.getSourceReference()).setReason("REFUND").setRequestId(id()).build());
        assertEquals(0, own.getAccount().getBalance());
    }

    @Test
    void adjustmentsAreForThePlatformTeamOnly() {
        String person = newPerson();
        AdjustPointsRequest goodwill = AdjustPointsRequest.newBuilder().setAccount("accounts/" + person).setPoints(300)
                .setReason("GOODWILL").setSourceReference("tickets/T-1").setRequestId(id()).build();
        refused(Status.Code.PERMISSION_DENIED, "ROLE_NOT_ALLOWED",
                () -> loyalty.withCallCredentials(Callers.dealerD001()).adjustPoints(goodwill));
        refused(Status.Code.PERMISSION_DENIED, "ROLE_NOT_ALLOWED", () -> service().adjustPoints(goodwill));
        var admin = loyalty.withCallCredentials(Callers.admin());
        assertEquals(300, admin.adjustPoints(goodwill).getAccount().getBalance());
        assertTrue(admin.adjustPoints(goodwill).getReplayed());
        assertEquals(100, admin.adjustPoints(goodwill.toBuilder().setPoints(-200).setRequestId(id()).build())
                .getAccount().getBalance());
        refused(Status.Code.FAILED_PRECONDITION, "INSUFFICIENT_POINTS",
                () -> admin.adjustPoints(goodwill.toBuilder().setPoints(-101).setRequestId(id()).build()));
        refused(Status.Code.INVALID_ARGUMENT, "INVALID_ADJUSTMENT",
                () -> admin.adjustPoints(goodwill.toBuilder().setPoints(0).setRequestId(id()).build()));
        assertBooksBalance(person);
    }

    @Test
    void theLedgerPagesNewestFirstWithoutGapsOrRepeats() {
        String person = newPerson();
        for (int i = 1; i <= 7; i++) {
            service().earnPoints(earn(person, "SERVICE_VISIT", i * 1_000L).build());
        }
        List<Long> points = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListLedgerEntriesResponse page = service().listLedgerEntries(ListLedgerEntriesRequest.newBuilder()
                    .setParent("accounts/" + person).setPageSize(3).setPageToken(token).build());
            page.getEntriesList().stream().map(LedgerEntry::getPoints).forEach(points::add);
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertEquals(3, pages);
        List<Long> expected = new ArrayList<>(List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L));
        Collections.reverse(expected);
        assertEquals(expected, points);
        refused(Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT", () -> service().listLedgerEntries(
                ListLedgerEntriesRequest.newBuilder().setParent("accounts/" + person).setPageToken("garbage").build()));
    }
}
