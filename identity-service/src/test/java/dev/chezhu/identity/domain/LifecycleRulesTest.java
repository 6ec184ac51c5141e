package dev.chezhu.identity.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.chezhu.identity.domain.Lifecycle.Facts;
import dev.chezhu.identity.domain.Lifecycle.Stage;
import dev.chezhu.identity.domain.Lifecycle.View;

class LifecycleRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final LifecycleRules rules = new LifecycleRules(Duration.ofDays(365), Duration.ofDays(730), 3,
            Duration.ofDays(365), 3);

    private static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private static boolean has(View view, String code) {
        return view.reasons().stream().anyMatch(r -> r.code().equals(code));
    }

    @Test
    void withoutOwnershipAPersonIsALead() {
        View view = rules.evaluate("p", new Facts(0, null, null, null, 0, 0), NOW);
        assertEquals(Stage.LEAD, view.stage());
        assertTrue(has(view, "NO_VEHICLE_OWNERSHIP"));
    }

    @Test
    void anOwnerWithFewVisitsIsAnOwnerAndWithRepeatVisitsLoyal() {
        assertEquals(Stage.OWNER, rules.evaluate("p", new Facts(1, daysAgo(30), null, daysAgo(10), 2, 0), NOW).stage());
        View loyal = rules.evaluate("p", new Facts(1, daysAgo(900), null, daysAgo(10), 3, 0), NOW);
        assertEquals(Stage.LOYAL, loyal.stage());
        assertTrue(has(loyal, "REPEAT_VISITS"));
    }

    @Test
    void aPurchaseMakesAnOwnerWithoutALinkedVehicle() {
        assertEquals(Stage.OWNER, rules.evaluate("p", new Facts(0, null, daysAgo(5), daysAgo(5), 1, 0), NOW).stage());
    }

    @Test
    void churnIsMeasuredFromTheLastVisitElseFromOwnershipAndWinsOverLoyalty() {
        View churned = rules.evaluate("p", new Facts(1, daysAgo(900), null, daysAgo(400), 5, 0), NOW);
        assertEquals(Stage.CHURNED, churned.stage());
        assertTrue(churned.reasons().stream().anyMatch(r -> r.code().equals("NO_VISIT_WITHIN_CHURN_PERIOD")
                && r.description().contains("400 days ago")));
        assertEquals(Stage.CHURNED, rules.evaluate("p", new Facts(1, daysAgo(366), null, null, 0, 0), NOW).stage());
        assertEquals(Stage.OWNER, rules.evaluate("p", new Facts(1, daysAgo(364), null, null, 0, 0), NOW).stage());
    }

    @Test
    void advocacyIsAFlagBesideTheStage() {
        View lead = rules.evaluate("p", new Facts(0, null, null, null, 0, 3), NOW);
        assertEquals(Stage.LEAD, lead.stage());
        assertTrue(lead.advocate());
        assertFalse(rules.evaluate("p", new Facts(0, null, null, null, 0, 2), NOW).advocate());
    }

    private final LifecycleRules withTiers = new LifecycleRules(Duration.ofDays(365), Duration.ofDays(730), 3,
            Duration.ofDays(365), 3, java.util.List.of("standard", "SILVER", "GOLD", "PLATINUM"), "gold");

    @Test
    void aServiceVisitMakesALeadAnOwnerAndSaysSo() {
        View owner = rules.evaluate("p", new Facts(0, null, null, daysAgo(3), 1, 0, daysAgo(3), null), NOW);
        assertEquals(Stage.OWNER, owner.stage());
        assertTrue(has(owner, "SERVICE_VISIT_RECORDED"));
        assertFalse(has(owner, "NO_VEHICLE_OWNERSHIP"));
        // a service visit long ago, and nothing since: an owner who churned
        assertEquals(Stage.CHURNED, rules.evaluate("p", new Facts(0, null, null, daysAgo(400), 0, 0, daysAgo(400), null),
                NOW).stage());
    }

    @Test
    void anOwnerAtGoldOrAboveIsLoyalButALeadStaysALead() {
        View gold = withTiers.evaluate("p", new Facts(1, daysAgo(30), null, daysAgo(10), 1, 0, null, "GOLD"), NOW);
        assertEquals(Stage.LOYAL, gold.stage());
        assertTrue(has(gold, "LOYALTY_TIER"));
        assertTrue(has(gold, "FEW_VISITS"), "the visit count is still explained");
        assertEquals(Stage.LOYAL, withTiers.evaluate("p", new Facts(1, daysAgo(30), null, null, 0, 0, null, "platinum"),
                NOW).stage());
        View silver = withTiers.evaluate("p", new Facts(1, daysAgo(30), null, null, 0, 0, null, "SILVER"), NOW);
        assertEquals(Stage.OWNER, silver.stage());
        assertTrue(has(silver, "LOYALTY_TIER_BELOW_LOYAL"));
        assertEquals(Stage.OWNER, withTiers.evaluate("p", new Facts(1, daysAgo(30), null, null, 0, 0, null, "DIAMOND"),
                NOW).stage(), "an unknown tier counts for nothing");
        assertEquals(Stage.LEAD, withTiers.evaluate("p", new Facts(0, null, null, null, 0, 0, null, "PLATINUM"), NOW)
                .stage());
        assertEquals(Stage.CHURNED, withTiers.evaluate("p", new Facts(1, daysAgo(900), null, daysAgo(400), 0, 0, null,
                "GOLD"), NOW).stage(), "churn wins over loyal, whatever the tier");
        assertEquals(Stage.OWNER, rules.evaluate("p", new Facts(1, daysAgo(30), null, null, 0, 0, null, "GOLD"), NOW)
                .stage(), "rules without a tier threshold ignore tiers");
    }

    @Test
    void aLoyalTierThatIsNotATierIsAConfigurationError() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new LifecycleRules(
                Duration.ofDays(365), Duration.ofDays(730), 3, Duration.ofDays(365), 3, java.util.List.of("SILVER"),
                "GOLD"));
    }
}
