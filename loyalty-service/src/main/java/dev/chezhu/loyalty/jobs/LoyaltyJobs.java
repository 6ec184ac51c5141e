package dev.chezhu.loyalty.jobs;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.chezhu.loyalty.domain.CouponClock;
import dev.chezhu.loyalty.domain.PointsClock;
import dev.chezhu.loyalty.domain.TierReview;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The scheduled chores, each a thin call of a domain method with "now": the points clock (pending
 * points unlock, expiry warnings, lot expiry), coupon expiry and the tier review. Every instance may
 * run them: each item is locked and idempotent, so two instances never do anything twice.
 * Off in tests ({@code chezhu.loyalty.jobs.enabled=false}), which call the domain with an explicit now.
 */
@ApplicationScoped
public class LoyaltyJobs {

    private static final Logger LOG = Logger.getLogger(LoyaltyJobs.class);

    private final PointsClock points;
    private final CouponClock coupons;
    private final TierReview tiers;
    private final Clock clock;

    public LoyaltyJobs(PointsClock points, CouponClock coupons, TierReview tiers, Clock clock) {
        this.points = points;
        this.coupons = coupons;
        this.tiers = tiers;
        this.clock = clock;
    }

    @Scheduled(every = "${chezhu.loyalty.jobs.points-every:5m}", delayed = "30s",
            skipExecutionIf = JobsDisabled.class, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> pointsClock() {
        Instant now = clock.instant();
        return points.run(now, null)
                .invoke(run -> LOG.infof("points clock: %d pending released (%d points), %d warnings, %d lots expired "
                        + "(%d points)", run.released(), run.releasedPoints(), run.warned(), run.expiredLots(),
                        run.expiredPoints()))
                .flatMap(run -> coupons.expireBatch(now))
                .invoke(expired -> LOG.infof("coupon clock: %d coupons expired", expired))
                .replaceWithVoid();
    }

    @Scheduled(cron = "${chezhu.loyalty.jobs.tier-review-cron:0 30 2 * * ?}", skipExecutionIf = JobsDisabled.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tierReview() {
        return tiers.run(clock.instant(), null)
                .invoke(run -> LOG.infof("tier review: %d reviewed, %d downgraded", run.reviewed(), run.downgraded()))
                .replaceWithVoid();
    }
}
