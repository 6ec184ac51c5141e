package dev.chezhu.loyalty.domain;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.persistence.CouponStore;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Expires issued coupons whose validity ended, in batches (each its own transaction), giving their
 * budget reservations back to ISSUE-budget campaigns. A coupon being redeemed at that instant is
 * skipped (its redemption re-checks the expiry itself) and picked up by the next run.
 */
@ApplicationScoped
public class CouponClock {

    public static final int BATCH = 1000;

    private final CouponStore coupons;

    public CouponClock(CouponStore coupons) {
        this.coupons = coupons;
    }

    @WithSpan("CouponClock.expire")
    @WithTransaction
    public Uni<Long> expireBatch(Instant now) {
        return coupons.expireDue(now, BATCH);
    }
}
