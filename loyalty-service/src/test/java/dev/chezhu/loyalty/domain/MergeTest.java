package dev.chezhu.loyalty.domain;

import static dev.chezhu.loyalty.grpc.Wire.amountCampaign;
import static dev.chezhu.loyalty.grpc.Wire.create;
import static dev.chezhu.loyalty.grpc.Wire.earn;
import static dev.chezhu.loyalty.grpc.Wire.id;
import static dev.chezhu.loyalty.grpc.Wire.newPerson;
import static dev.chezhu.loyalty.grpc.Wire.publish;
import static dev.chezhu.loyalty.grpc.Wire.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Message;

import dev.chezhu.identity.v1.PersonErased;
import dev.chezhu.identity.v1.PersonMerged;
import dev.chezhu.identity.v1.PersonUnmerged;
import dev.chezhu.loyalty.Callers;
import dev.chezhu.loyalty.OnVertx;
import dev.chezhu.loyalty.events.IdentityEventHandler;
import dev.chezhu.loyalty.persistence.LedgerSql;
import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.CouponState;
import dev.chezhu.loyalty.v1.CreditPointsRequest;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.loyalty.v1.ListCouponsRequest;
import dev.chezhu.loyalty.v1.ListLedgerEntriesRequest;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.loyalty.v1.MergeAccountsRequest;
import dev.chezhu.loyalty.v1.MergeAccountsResponse;
import dev.chezhu.loyalty.v1.MergeState;
import dev.chezhu.loyalty.v1.RedeemPointsRequest;
import dev.chezhu.loyalty.v1.UnmergeAccountsRequest;
import dev.chezhu.loyalty.v1.UnmergeAccountsResponse;
import dev.chezhu.platform.events.Envelope;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Accounts follow identity merges exactly once (lots with their expiry, pending points, coupons,
 * history) and split back by origin, over the RPCs and through the identity event handler.
 */
@QuarkusTest
class MergeTest {

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    @Inject
    IdentityEventHandler identityEvents;

    @Inject
    LedgerSql sql;

    private LoyaltyServiceBlockingStub service() {
        return loyalty.withCallCredentials(Callers.service());
    }

    private Account account(String person) {
        return service().getAccount(GetAccountRequest.newBuilder().setName("accounts/" + person).build());
    }

    private MergeAccountsResponse merge(String source, String target, String mergeId) {
        return service().mergeAccounts(MergeAccountsRequest.newBuilder().setSourceAccount("accounts/" + source)
                .setTargetAccount("accounts/" + target).setMergeId(mergeId).build());
    }

    private void assertBooksBalance(String... persons) {
        for (String person : persons) {
            long balance = sql.balanceSnapshot(person);
            assertEquals(sql.ledgerSum(person), balance);
            assertEquals(Math.max(balance, 0), sql.lotsHeld(person), "lots of " + person);
        }
        assertEquals(0, sql.inconsistentLots());
    }

    private String campaign() {
        return loyalty.withCallCredentials(Callers.admin()).createCampaign(create(amountCampaign(5_000, 100)))
                .getCampaign().getName();
    }

    @Test
    void aMergeMovesEverythingOnceAndAnUnmergeGivesBackWhatCameFromTheSource() {
        String source = newPerson();
        String target = newPerson();
        service().earnPoints(earn(source, "SERVICE_VISIT", 30_000).build());
        service().earnPoints(earn(source, "PURCHASE", 50_000).build());
        service().earnPoints(earn(target, "SERVICE_VISIT", 10_000).build());
        String campaign = campaign();
        String sourceCoupon = service().publishCoupon(publish(campaign, source)).getCoupon().getCode();
        String mergeId = "merge-" + id();

        MergeAccountsResponse merged = merge(source, target, mergeId);
        assertFalse(merged.getReplayed());
        assertEquals(MergeState.MERGE_STATE_MERGED, merged.getMerge().getState());
        assertEquals(300, merged.getMerge().getPointsMoved());
        assertEquals(1, merged.getMerge().getPendingMovedCount());
        assertEquals(1, merged.getMerge().getCouponsMovedCount());
        Account survivor = account(target);
        assertEquals(400, survivor.getBalance());
        assertEquals(500, survivor.getPending());
        assertEquals(List.of("accounts/" + source), survivor.getMergedAccountsList());
        assertEquals("accounts/" + target, account(source).getName(), "a merged ID answers with the survivor");
        assertEquals(List.of(sourceCoupon), service().listCoupons(ListCouponsRequest.newBuilder()
                .setParent("accounts/" + target).build()).getCouponsList().stream().map(c -> c.getCode()).toList());
        assertEquals(4, service().listLedgerEntries(ListLedgerEntriesRequest.newBuilder()
                .setParent("accounts/" + target).build()).getEntriesCount(),
                "both histories (one earn each; the purchase is pending) plus the two transfers");
        assertBooksBalance(source, target);

        MergeAccountsResponse again = merge(source, target, mergeId);
        assertTrue(again.getReplayed());
        assertEquals(400, account(target).getBalance(), "merged once");
        refused(Status.Code.ALREADY_EXISTS, "MERGE_ID_REUSED", () -> merge(source, newPerson(), mergeId));

        // while merged: the survivor spends (FIFO takes the source's older lot first) and the source earns
        service().redeemPoints(RedeemPointsRequest.newBuilder().setAccount("accounts/" + target).setPoints(350)
                .setReason("MERCHANDISE").setSourceReference("orders/M-1").setRequestId(id()).build());
        service().creditPoints(CreditPointsRequest.newBuilder().setAccount("accounts/" + source).setPoints(70)
                .setReason("REFERRAL").setSourceReference("referrals/R-1").setRequestId(id()).build());
        assertEquals(120, account(target).getBalance());

        UnmergeAccountsResponse split = service().unmergeAccounts(UnmergeAccountsRequest.newBuilder()
                .setMergeId(mergeId).build());
        assertEquals(MergeState.MERGE_STATE_UNMERGED, split.getMerge().getState());
        assertEquals(70, split.getMerge().getPointsReturned(), "what is left of the source's lots: its 300 were spent");
        Account restored = account(source);
        assertEquals("accounts/" + source, restored.getName());
        assertEquals(70, restored.getBalance());
        assertEquals(500, restored.getPending(), "its pending points came back");
        assertEquals(50, account(target).getBalance());
        assertEquals(0, account(target).getPending());
        assertEquals(List.of(sourceCoupon), service().listCoupons(ListCouponsRequest.newBuilder()
                .setParent("accounts/" + source).build()).getCouponsList().stream().map(c -> c.getCode()).toList());
        assertTrue(service().unmergeAccounts(UnmergeAccountsRequest.newBuilder().setMergeId(mergeId).build())
                .getReplayed());
        assertEquals(70, account(source).getBalance(), "split once");
        refused(Status.Code.NOT_FOUND, "MERGE_NOT_FOUND", () -> service().unmergeAccounts(
                UnmergeAccountsRequest.newBuilder().setMergeId("never-" + id()).build()));
        assertBooksBalance(source, target);
    }

    @Test
    void racingDeliveriesOfOneMergeMoveThePointsOnce() throws Exception {
        String source = newPerson();
        String target = newPerson();
        service().earnPoints(earn(source, "SERVICE_VISIT", 123_400).build());
        String mergeId = "merge-" + id();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<MergeAccountsResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return merge(source, target, mergeId);
                }));
            }
            go.countDown();
            int first = 0;
            for (Future<MergeAccountsResponse> answer : answers) {
                first += answer.get(60, TimeUnit.SECONDS).getReplayed() ? 0 : 1;
            }
            assertEquals(1, first);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1_234, account(target).getBalance());
        assertEquals(1, sql.single("select count(*) from ledger_entry where person_id = ? and reason = 'MERGE_IN'",
                target));
        assertBooksBalance(source, target);
    }

    private void deliver(Message event) {
        Envelope envelope = new Envelope(UUID.randomUUID(), Envelope.typeOf(event), "identity-service", "persons/x",
                Instant.now(), null, event.toByteString());
        OnVertx.await(() -> Panache.withTransaction(() -> identityEvents.handle(envelope)));
    }

    @Test
    void identityEventsMergeSplitAndEraseAndRepeatsChangeNothing() {
        String survivor = newPerson();
        String a = newPerson();
        String b = newPerson();
        service().earnPoints(earn(survivor, "SERVICE_VISIT", 10_000).build());
        service().earnPoints(earn(a, "SERVICE_VISIT", 20_000).build());
        service().earnPoints(earn(b, "SERVICE_VISIT", 40_000).build());
        String coupon = service().publishCoupon(publish(campaign(), b)).getCoupon().getCode();
        PersonMerged merged = PersonMerged.newBuilder().setSurvivorPersonId(survivor).addMergedPersonIds(a)
                .addMergedPersonIds(b).setRequestId("obs-" + id()).build();
        deliver(merged);
        deliver(merged);
        assertEquals(700, account(survivor).getBalance(), "both merged once, though delivered twice");
        assertEquals(2, account(survivor).getMergedAccountsCount());

        PersonUnmerged unmerged = PersonUnmerged.newBuilder().setPersonId(b).setFormerSurvivorPersonId(survivor)
                .addRestoredPersonIds(b).setRequestId("unmerge-" + id()).build();
        deliver(unmerged);
        deliver(unmerged);
        assertEquals(400, account(b).getBalance());
        assertEquals(300, account(survivor).getBalance());
        assertBooksBalance(survivor, a, b);

        deliver(PersonErased.newBuilder().setPersonId(b).addErasedPersonIds(b).build());
        deliver(PersonErased.newBuilder().setPersonId(b).addErasedPersonIds(b).build());
        assertEquals(0, account(b).getBalance(), "the balance is forfeited");
        assertEquals(CouponState.COUPON_STATE_VOIDED, service().getCoupon(dev.chezhu.loyalty.v1.GetCouponRequest
                .newBuilder().setName("coupons/" + coupon).build()).getState());
        refused(Status.Code.FAILED_PRECONDITION, "ACCOUNT_CLOSED", () -> service().creditPoints(
                CreditPointsRequest.newBuilder().setAccount("accounts/" + b).setPoints(5).setReason("GOODWILL")
                        .setSourceReference("tickets/T-1").setRequestId(id()).build()));
        assertEquals(1, sql.single("select count(*) from ledger_entry where person_id = ? and reason = 'ERASED'", b));
        assertBooksBalance(b);
    }
}
