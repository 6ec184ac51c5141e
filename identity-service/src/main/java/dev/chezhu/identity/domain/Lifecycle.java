package dev.chezhu.identity.domain;

import java.time.Instant;
import java.util.List;

/** Lifecycle vocabulary: stages, the facts they are computed from, and the explained result. */
public final class Lifecycle {

    private Lifecycle() {
    }

    public enum Stage {
        LEAD, OWNER, LOYAL, CHURNED
    }

    public enum ActivityKind {
        SERVICE_VISIT, VEHICLE_PURCHASE, PARTS_PURCHASE, CONTENT_SHARE, REFERRAL,
        /** A coupon redeemed at a dealer: relates the person to the dealer, counts for no stage. */
        COUPON_REDEMPTION;

        /** Visits and purchases count for loyalty and churn; shares and referrals for advocacy. */
        public boolean isVisit() {
            return this == SERVICE_VISIT || this == VEHICLE_PURCHASE || this == PARTS_PURCHASE;
        }
    }

    /** One rule that applied, as a code and in words. */
    public record Reason(String code, String description) {
    }

    /**
     * What the rules look at, aggregated by the database for a cluster: owned vehicles, when
     * ownership started, purchases and visits, and recent visits and advocacy actions within the
     * configured windows, the first service visit, and the loyalty tier loyalty-service last reported
     * for the cluster (null when none).
     */
    public record Facts(int ownedVehicles, Instant ownerSince, Instant firstVehiclePurchase, Instant lastVisit,
            int recentVisits, int advocacyActions, Instant firstServiceVisit, String loyaltyTier) {

        /** Facts without service visits or a loyalty tier. */
        public Facts(int ownedVehicles, Instant ownerSince, Instant firstVehiclePurchase, Instant lastVisit,
                int recentVisits, int advocacyActions) {
            this(ownedVehicles, ownerSince, firstVehiclePurchase, lastVisit, recentVisits, advocacyActions, null, null);
        }
    }

    /** A computed lifecycle. {@code activityAnchor} is what churn is measured from. */
    public record View(String personId, Stage stage, boolean advocate, List<Reason> reasons, Instant lastVisit,
            Instant activityAnchor, Instant computedAt) {
    }

    /** An activity to record, as received. */
    public record ActivityCommand(String requestId, String personId, ActivityKind kind, Instant occurredAt,
            String source, String dealerId, String vin) {
    }

    /** A stored activity. */
    public record Activity(ActivityKind kind, Instant occurredAt, String source, String dealerId, String vin) {
    }
}
