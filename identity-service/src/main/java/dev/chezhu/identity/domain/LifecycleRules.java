package dev.chezhu.identity.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.chezhu.identity.domain.Lifecycle.Facts;
import dev.chezhu.identity.domain.Lifecycle.Reason;
import dev.chezhu.identity.domain.Lifecycle.Stage;
import dev.chezhu.identity.domain.Lifecycle.View;

/**
 * Computes a person's lifecycle from facts, with the reasons. Pure logic.
 * <ul>
 * <li>LEAD: no owned vehicle linked and no vehicle purchase recorded.</li>
 * <li>OWNER: owns a vehicle (an OWNER relationship, or a recorded vehicle purchase).</li>
 * <li>CHURNED: an owner with no service visit or purchase for {@code churnAfter} (measured from the
 * last visit, else from when ownership started).</li>
 * <li>LOYAL: an owner, not churned, with at least {@code loyalMinVisits} visits or purchases within
 * {@code loyalWindow}.</li>
 * <li>Advocate (KOL) flag: at least {@code advocateMinActions} content shares and referrals within
 * {@code advocateWindow}, whatever the stage.</li>
 * </ul>
 */
public record LifecycleRules(Duration churnAfter, Duration loyalWindow, int loyalMinVisits, Duration advocateWindow,
        int advocateMinActions) {

    public Instant loyalCutoff(Instant now) {
        return now.minus(loyalWindow);
    }

    public Instant advocateCutoff(Instant now) {
        return now.minus(advocateWindow);
    }

    public View evaluate(String personId, Facts facts, Instant now) {
        List<Reason> reasons = new ArrayList<>();
        boolean owner = facts.ownedVehicles() > 0 || facts.firstVehiclePurchase() != null;
        Stage stage;
        Instant anchor = null;
        if (!owner) {
            stage = Stage.LEAD;
            reasons.add(new Reason("NO_VEHICLE_OWNERSHIP",
                    "no vehicle is linked to the person as owner and no vehicle purchase is recorded"));
        } else {
            reasons.add(facts.ownedVehicles() > 0
                    ? new Reason("OWNS_VEHICLE", "owner of " + facts.ownedVehicles() + " vehicle(s)")
                    : new Reason("VEHICLE_PURCHASED", "bought a vehicle on " + day(facts.firstVehiclePurchase())));
            Instant since = earliest(facts.ownerSince(), facts.firstVehiclePurchase());
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
                if (facts.recentVisits() >= loyalMinVisits) {
                    stage = Stage.LOYAL;
                    reasons.add(new Reason("REPEAT_VISITS", facts.recentVisits() + " service visits or purchases in the last "
                            + loyalWindow.toDays() + " days (loyal from " + loyalMinVisits + ")"));
                } else {
                    stage = Stage.OWNER;
                    reasons.add(new Reason("FEW_VISITS", facts.recentVisits() + " service visits or purchases in the last "
                            + loyalWindow.toDays() + " days (loyal from " + loyalMinVisits + ")"));
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
