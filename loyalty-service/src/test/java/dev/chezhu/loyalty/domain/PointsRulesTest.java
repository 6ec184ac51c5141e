package dev.chezhu.loyalty.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Earning, expiry, FIFO lots, reversal policies and tiers, as plain rules. */
class PointsRulesTest {

    static final TierRules TIERS = new TierRules(List.of(new TierLevel("STANDARD", 0, 100),
            new TierLevel("SILVER", 2000, 110), new TierLevel("GOLD", 8000, 125)), TierRules.Basis.POINTS,
            Duration.ofDays(365), Duration.ofDays(365));

    @Test
    void spendBasedRulesGivePointsPerWholeYuanTimesTheTierMultiplier() {
        EarnRule purchase = new EarnRule(CreditReason.PURCHASE, true, 1, 0, 14, false, 0);
        assertEquals(123, purchase.quote(12_399, TIERS.level("STANDARD")).points(), "123.99 CNY = 123 whole yuan");
        assertEquals(153, purchase.quote(12_300, TIERS.level("GOLD")).points(), "x1.25, rounded down");
        assertEquals(0, purchase.quote(99, TIERS.level("GOLD")).points(), "less than a yuan earns nothing");
        assertEquals("PURCHASE: 1 point per 1.00 CNY x1.25 (GOLD), pending 14 days",
                purchase.quote(100, TIERS.level("GOLD")).description());
        EarnRule referral = new EarnRule(CreditReason.REFERRAL, false, 0, 500, 0, false, 0);
        assertEquals(500, referral.quote(0, TIERS.level("GOLD")).points(), "fixed points ignore the tier");
        assertThrows(IllegalArgumentException.class, () -> new EarnRule(CreditReason.PURCHASE, true, 0, 0, 0, false, 0));
    }

    @Test
    void lotsExpireAfterDaysOrAtTheEndOfTheFollowingYearInTheBrandsZone() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        ExpiryPolicy rolling = new ExpiryPolicy(ExpiryPolicy.Mode.ROLLING, 90, 0, shanghai, Duration.ofDays(30));
        Instant t = Instant.parse("2026-03-10T08:00:00Z");
        assertEquals(Instant.parse("2026-06-08T08:00:00Z"), rolling.expiresAt(t));
        ExpiryPolicy yearEnd = new ExpiryPolicy(ExpiryPolicy.Mode.YEAR_END, 0, 1, shanghai, Duration.ofDays(30));
        assertEquals(Instant.parse("2027-12-31T16:00:00Z"), yearEnd.expiresAt(t), "end of 2027, Shanghai time");
        // 31 Dec 2026 20:00 UTC is already 1 Jan 2027 in Shanghai: the 2027 lot lapses a year later
        assertEquals(Instant.parse("2028-12-31T16:00:00Z"), yearEnd.expiresAt(Instant.parse("2026-12-31T20:00:00Z")));
        assertEquals(Instant.parse("2027-12-01T16:00:00Z"), yearEnd.warnAt(yearEnd.expiresAt(t)));
        assertNull(new ExpiryPolicy(ExpiryPolicy.Mode.NEVER, 0, 0, shanghai, Duration.ZERO).expiresAt(t));
    }

    @Test
    void fifoTakesTheLotThatExpiresFirstThenTheOldestAndNeverExpiringLast() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        Instant jan = Instant.parse("2027-01-01T00:00:00Z");
        List<FifoLots.Lot> lots = List.of(
                new FifoLots.Lot(a, 100, null, Instant.parse("2025-01-01T00:00:00Z")),
                new FifoLots.Lot(b, 50, jan.plusSeconds(86400), Instant.parse("2026-01-01T00:00:00Z")),
                new FifoLots.Lot(c, 30, jan, Instant.parse("2026-06-01T00:00:00Z")),
                new FifoLots.Lot(d, 0, jan.minusSeconds(86400), Instant.parse("2026-01-01T00:00:00Z")));
        assertEquals(List.of(new FifoLots.Take(c, 30), new FifoLots.Take(b, 40)), FifoLots.take(lots, 70));
        assertEquals(List.of(new FifoLots.Take(c, 30), new FifoLots.Take(b, 50), new FifoLots.Take(a, 20)),
                FifoLots.take(lots, 100));
        assertEquals(180, FifoLots.take(lots, 1_000).stream().mapToLong(FifoLots.Take::points).sum(),
                "takes everything when the lots hold less");
        assertTrue(FifoLots.take(lots, 0).isEmpty());
    }

    @Test
    void reversalPoliciesSplitWhatWasSpent() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        List<ReversalPolicy.Earned> earns = List.of(new ReversalPolicy.Earned(first, 300),
                new ReversalPolicy.Earned(second, 200));
        assertEquals(List.of(new ReversalPolicy.Share(first, 300, 300, 0), new ReversalPolicy.Share(second, 200, 200, 0)),
                ReversalPolicy.NEGATIVE_BALANCE.plan(earns, 120), "everything comes back, the balance goes to -380");
        assertEquals(List.of(new ReversalPolicy.Share(first, 300, 120, 180), new ReversalPolicy.Share(second, 200, 0, 200)),
                ReversalPolicy.CAP_AT_BALANCE.plan(earns, 120), "at most the balance; the rest is written off");
        assertEquals(List.of(new ReversalPolicy.Share(first, 300, 0, 300), new ReversalPolicy.Share(second, 200, 0, 200)),
                ReversalPolicy.CAP_AT_BALANCE.plan(earns, -50));
    }

    @Test
    void hotPathIdsAreVersionFourUuids() {
        java.util.Set<UUID> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = Ids.next();
            assertEquals(4, id.version());
            assertEquals(2, id.variant());
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }

    @Test
    void tiersGoUpAtOnceAndDownOnlyAtTheReview() {
        Instant now = Instant.parse("2026-05-01T00:00:00Z");
        assertEquals("SILVER", TIERS.qualified(2000).code());
        assertEquals("GOLD", TIERS.qualified(1_000_000).code());
        var up = TIERS.afterActivity("STANDARD", 8500, now).orElseThrow();
        assertEquals("GOLD", up.to());
        assertTrue(up.upgrade());
        assertEquals(now.plus(Duration.ofDays(365)), up.nextReview());
        assertTrue(TIERS.afterActivity("GOLD", 100, now).isEmpty(), "activity never moves a tier down");
        assertTrue(TIERS.afterActivity("SILVER", 2500, now).isEmpty());

        var kept = TIERS.atReview("GOLD", 9000, now);
        assertEquals("GOLD", kept.to());
        assertEquals(now.plus(Duration.ofDays(365)), kept.nextReview());
        var down = TIERS.atReview("GOLD", 2100, now);
        assertEquals("SILVER", down.to());
        assertEquals(false, down.upgrade());
        var entry = TIERS.atReview("SILVER", 10, now);
        assertEquals("STANDARD", entry.to());
        assertNull(entry.nextReview(), "the entry tier is not reviewed");
    }
}
