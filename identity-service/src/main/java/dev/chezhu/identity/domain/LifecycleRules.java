package dev.chezhu.identity.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.chezhu.identity.domain.Lifecycle.Facts;
import dev.chezhu.identity.domain.Lifecycle.Reason;
import dev.chezhu.identity.domain.Lifecycle.Stage;
import dev.chezhu.identity.domain.Lifecycle.View;

/**
 * Computes a person's lifecycle from facts, with the reasons. Pure logic.
 * <ul>
 * <li>LEAD: no owned vehicle linked and no vehicle purchase recorded.</li>
 * <li>OWNER: owns a vehicle (an OWNER relationship, or a recorded vehicle purchase), or has had a
 * service visit recorded (by a dealer, or by telematics-service for a vehicle they own or drive): a
 * brand's dealer servicing a person's car makes them a customer who keeps a vehicle of the brand.</li>
 * <li>CHURNED: an owner with no service visit or purchase for {@code churnAfter} (measured from the
 * last visit, else from when ownership started).</li>
 * <li>LOYAL: an owner, not churned, with at least {@code loyalMinVisits} visits or purchases within
 * {@code loyalWindow}, or whose loyalty tier (as loyalty-service last reported it) is
 * {@code loyalFromTier} or above in {@code loyaltyTiers} (lowest first). A lead is never loyal, whatever
 * its tier: the stages go lead → owner → loyal.</li>
 * <li>Advocate (KOL) flag: at least {@code advocateMinActions} content shares and referrals within
 * {@code advocateWindow}, whatever the stage.</li>
 * </ul>
 */
public record LifecycleRules(Duration churnAfter, Duration loyalWindow, int loyalMinVisits, Duration advocateWindow,
        int advocateMinActions, List<String> loyaltyTiers, String loyalFromTier) {

    /** Rules without the tier criterion (no tier ever makes a person loyal). */
    public LifecycleRules(Duration churnAfter, Duration loyalWindow, int loyalMinVisits, Duration advocateWindow,
            int advocateMinActions) {
        this(churnAfter, loyalWindow, loyalMinVisits, advocateWindow, advocateMinActions, List.of(), null);
    }

    public LifecycleRules {
        loyaltyTiers = loyaltyTiers.stream().map(t -> t.trim().toUpperCase(Locale.ROOT)).toList();
        loyalFromTier = loyalFromTier == null || loyalFromTier.isBlank() ? null : loyalFromTier.trim().toUpperCase(Locale.ROOT);
        if (loyalFromTier != null && !loyaltyTiers.contains(loyalFromTier)) {
            throw new IllegalArgumentException("loyal-from-tier " + loyalFromTier + " is not one of " + loyaltyTiers);
        }
    }

    /** Whether a tier (as loyalty-service names it) is at or above the loyal threshold; unknown tiers are not. */
    public boolean loyalTier(String tier) {
        if (tier == null || loyalFromTier == null) {
            return false;
        }
        int rank = loyaltyTiers.indexOf(tier.toUpperCase(Locale.ROOT));
        return rank >= 0 && rank >= loyaltyTiers.indexOf(loyalFromTier);
    }

    public Instant loyalCutoff(Instant now) {
        return now.minus(loyalWindow);
    }

    public Instant advocateCutoff(Instant now) {
        return now.minus(advocateWindow);
    }

    public View evaluate(String personId, Facts facts, Instant now) {
        List<Reason> reasons = new ArrayList<>();
        boolean owner = facts.ownedVehicles() > 0 || facts.firstVehiclePurchase() != null
                || facts.firstServiceVisit() != null;
        Stage stage;
        Instant anchor = null;
        if (!owner) {
            stage = Stage.LEAD;
            reasons.add(new Reason("NO_VEHICLE_OWNERSHIP",
                    "no vehicle is linked to the person as owner, and no vehicle purchase or service visit is recorded"));
        } else {
            if (facts.ownedVehicles() > 0) {
                reasons.add(new Reason("OWNS_VEHICLE", "owner of " + facts.ownedVehicles() + " vehicle(s)"));
            } else if (facts.firstVehiclePurchase() != null) {
                reasons.add(new Reason("VEHICLE_PURCHASED", "bought a vehicle on " + day(facts.firstVehiclePurchase())));
            } else {
                reasons.add(new Reason("SERVICE_VISIT_RECORDED", "first service visit recorded on "
                        + day(facts.firstServiceVisit()) + " (a person whose car a dealer services is an owner)"));
            }
            Instant since = earliest(earliest(facts.ownerSince(), facts.firstVehiclePurchase()), facts.firstServiceVisit());
            anchor = facts.lastVisit() != null ? facts.lastVisit() : since;
            long idleDays = anchor == null ? 0 : Duration.between(anchor, now).toDays();
            if (anchor != null && anchor.isBefore(now.minus(churnAfter))) {
                stage = Stage.CHURNED;
                reasons.add(new Reason("NO_VISIT_WITHIN_CHURN_PERIOD", (facts.lastVisit() != null
                        ? "last service visit or purchase on " + day(anchor)
                        : "no service visit or purchase since ownership started on " + day(anchor))
                        + ", " + idleDays + " days ago; an owner not seen for " + churnAfter.toDays()
                        + " days is churned"));
            } else {
                reasons.add(new Reason("VISITED_WITHIN_CHURN_PERIOD", (facts.lastVisit() != null
                        ? "last service visit or purchase on " + day(anchor) : "ownership started on " + day(anchor))
                        + ", " + idleDays + " days ago (churned after " + churnAfter.toDays() + " days)"));
                boolean repeat = facts.recentVisits() >= loyalMinVisits;
                boolean tier = loyalTier(facts.loyaltyTier());
                stage = repeat || tier ? Stage.LOYAL : Stage.OWNER;
                reasons.add(new Reason(repeat ? "REPEAT_VISITS" : "FEW_VISITS", facts.recentVisits()
                        + " service visits or purchases in the last " + loyalWindow.toDays() + " days (loyal from "
                        + loyalMinVisits + ")"));
                if (facts.loyaltyTier() != null && loyalFromTier != null) {
                    reasons.add(new Reason(tier ? "LOYALTY_TIER" : "LOYALTY_TIER_BELOW_LOYAL", "loyalty tier "
                            + facts.loyaltyTier() + " (loyal from " + loyalFromTier + ")"));
                }
            }
        }
        boolean advocate = facts.advocacyActions() >= advocateMinActions;
        reasons.add(new Reason(advocate ? "ADVOCACY_ACTIONS" : "FEW_ADVOCACY_ACTIONS", facts.advocacyActions()
                + " content shares and referrals in the last " + advocateWindow.toDays() + " days (advocate from "
                + advocateMinActions + ")"));
        return new View(personId, stage, advocate, List.copyOf(reasons), facts.lastVisit(), anchor, now);
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
