package dev.chezhu.loyalty.domain;

import static dev.chezhu.loyalty.grpc.Wire.earn;
import static dev.chezhu.loyalty.grpc.Wire.id;
import static dev.chezhu.loyalty.grpc.Wire.newPerson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.chezhu.loyalty.Callers;
import dev.chezhu.loyalty.OnVertx;
import dev.chezhu.loyalty.persistence.LedgerSql;
import dev.chezhu.loyalty.v1.Account;
import dev.chezhu.loyalty.v1.EarnPointsResponse;
import dev.chezhu.loyalty.v1.GetAccountRequest;
import dev.chezhu.loyalty.v1.LoyaltyServiceGrpc.LoyaltyServiceBlockingStub;
import dev.chezhu.loyalty.v1.PointsExpiring;
import dev.chezhu.loyalty.v1.RedeemPointsRequest;
import dev.chezhu.loyalty.v1.ReversePointsRequest;
import dev.chezhu.loyalty.v1.TierChanged;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The points clock and the tier review with an explicit "now" (no waiting), on the real database:
 * pending points unlock after their days, lots expire first in first out with one warning before,
 * tiers go up at once and down only at the review date.
 */
@QuarkusTest
class PointsClockTest {

    @GrpcClient("loyalty")
    LoyaltyServiceBlockingStub loyalty;

    @Inject
    PointsClock clock;

    @Inject
    TierReview review;

    @Inject
    LedgerSql sql;

    private LoyaltyServiceBlockingStub service() {
        return loyalty.withCallCredentials(Callers.service());
    }

    private Account account(String person) {
        return service().getAccount(GetAccountRequest.newBuilder().setName("accounts/" + person).build());
    }

    @Test
    void pendingPointsUnlockAfterTheirDaysAndNotBefore() {
        String person = newPerson();
        EarnPointsResponse purchase = service().earnPoints(earn(person, "PURCHASE", 250_000).build());
        Instant unlock = Instant.ofEpochSecond(purchase.getPending().getUnlockTime().getSeconds());

        PointsClock.Run early = OnVertx.await(() -> clock.run(unlock.minusSeconds(60), person));
        assertEquals(0, early.released());
        assertEquals(0, account(person).getBalance());

        PointsClock.Run due = OnVertx.await(() -> clock.run(unlock.plusSeconds(1), person));
        assertEquals(1, due.released());
        assertEquals(2_500, due.releasedPoints());
        Account after = account(person);
        assertEquals(2_500, after.getBalance());
        assertEquals(0, after.getPending());
        assertEquals("SILVER", after.getTier(), "released points count toward the tier at once");
        assertEquals(1, sql.events("TierChanged", person));

        PointsClock.Run again = OnVertx.await(() -> clock.run(unlock.plusSeconds(2), person));
        assertEquals(0, again.released(), "released once");
        assertEquals(1, sql.entryCount(person));
    }

    @Test
    void lotsExpireFirstInFirstOutWithOneWarningBefore() {
        String person = newPerson();
        EarnPointsResponse first = service().earnPoints(earn(person, "SERVICE_VISIT", 30_000).build());
        service().earnPoints(earn(person, "SERVICE_VISIT", 20_000).build());
        service().redeemPoints(RedeemPointsRequest.newBuilder().setAccount("accounts/" + person).setPoints(100)
                .setReason("MERCHANDISE").setSourceReference("orders/M-1").setRequestId(id()).build());
        Instant expiry = Instant.ofEpochSecond(first.getEntry().getExpireTime().getSeconds(),
                first.getEntry().getExpireTime().getNanos());
        Account before = account(person);
        assertEquals(400, before.getBalance());
        assertEquals(400, before.getNextExpiringPoints(), "both lots lapse at the same year end");

        PointsClock.Run warned = OnVertx.await(() -> clock.run(expiry.minus(Duration.ofDays(29)), person));
        assertEquals(1, warned.warned(), "one warning for the lots expiring together");
        assertEquals(0, warned.expiredLots());
        assertEquals(1, sql.events("PointsExpiring", person));
        PointsExpiring warning = parse(sql.lastEventPayload("PointsExpiring", person));
        assertEquals(400, warning.getPoints());
        assertEquals(expiry.getEpochSecond(), warning.getExpireTime().getSeconds());
        assertEquals(0, OnVertx.await(() -> clock.run(expiry.minus(Duration.ofDays(28)), person)).warned(),
                "warned once");

        PointsClock.Run expired = OnVertx.await(() -> clock.run(expiry.plusSeconds(1), person));
        assertEquals(2, expired.expiredLots());
        assertEquals(400, expired.expiredPoints(), "only what was left: the 100 spent came out of the first lot");
        assertEquals(0, account(person).getBalance());
        assertEquals(0, sql.lotsHeld(person));
        assertEquals(-400, sql.single("select coalesce(sum(points), 0) from ledger_entry where person_id = ? "
                + "and kind = 'EXPIRE'", person));
        assertEquals(0, OnVertx.await(() -> clock.run(expiry.plusSeconds(5), person)).expiredLots(), "expired once");
        assertEquals(0, sql.inconsistentLots());
    }

    private static PointsExpiring parse(byte[] payload) {
        try {
            return PointsExpiring.parseFrom(payload);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTierGoesUpAtOnceAndDownOnlyAtItsReviewDate() throws Exception {
        String person = newPerson();
        var gold = service().earnPoints(earn(person, "SERVICE_VISIT", 850_000).build());
        Account up = gold.getAccount();
        assertEquals("GOLD", up.getTier(), "8,500 points in the window: gold at once");
        assertTrue(up.hasTierReviewTime());
        Instant reviewAt = Instant.ofEpochSecond(up.getTierReviewTime().getSeconds(), up.getTierReviewTime().getNanos());
        TierChanged changed = TierChanged.parseFrom(sql.lastEventPayload("TierChanged", person));
        assertEquals("STANDARD", changed.getPreviousTier());
        assertEquals("GOLD", changed.getTier());
        assertTrue(changed.getUpgrade());

        // the purchase is refunded: the points go, the tier stays until the review
        service().reversePoints(ReversePointsRequest.newBuilder().setAccount("accounts/" + person)
                .setSourceReference(gold.getEntry().getSourceReference()).setReason("REFUND").setRequestId(id()).build());
        service().earnPoints(earn(person, "SERVICE_VISIT", 250_000).build());
        assertEquals("GOLD", account(person).getTier(), "no downgrade before the review date");
        assertEquals(3_125, account(person).getTierQualifyingValue(),
                "the reversed earn no longer counts; the new one earned at gold's x1.25");

        TierReview.Run early = OnVertx.await(() -> review.run(reviewAt.minusSeconds(60), person));
        assertEquals(0, early.reviewed(), "not due yet");

        // bring the review date forward to now, so the window still holds this year's earns
        Instant now = Instant.now();
        sql.update("update loyalty_account set tier_review_at = ? where person_id = ?",
                java.sql.Timestamp.from(now.minusSeconds(1)), person);
        TierReview.Run due = OnVertx.await(() -> review.run(now, person));
        assertEquals(1, due.downgraded());
        Account down = account(person);
        assertEquals("SILVER", down.getTier(), "down to what the window still qualifies for (3,125 points)");
        TierChanged downgrade = TierChanged.parseFrom(sql.lastEventPayload("TierChanged", person));
        assertFalse(downgrade.getUpgrade());
        assertEquals("SILVER", downgrade.getTier());
        Instant nextReview = now.plus(Duration.ofDays(365));
        assertEquals(nextReview.getEpochSecond(), down.getTierReviewTime().getSeconds(), "reviewed again a period later");

        // a year on, nothing earned since: the window is empty
        TierReview.Run yearLater = OnVertx.await(() -> review.run(nextReview.plusSeconds(1), person));
        assertEquals(1, yearLater.downgraded());
        assertEquals("STANDARD", account(person).getTier());
        assertFalse(account(person).hasTierReviewTime(), "the entry tier is not reviewed");
    }
}
