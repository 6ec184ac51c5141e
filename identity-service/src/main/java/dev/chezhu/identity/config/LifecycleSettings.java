package dev.chezhu.identity.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;

/** {@code chezhu.identity.lifecycle.*}: churn period, loyalty and advocacy thresholds. */
@ConfigMapping(prefix = "chezhu.identity.lifecycle")
public interface LifecycleSettings {

    Duration churnAfter();

    Duration loyalWindow();

    int loyalMinVisits();

    Duration advocateWindow();

    int advocateMinActions();

    /** loyalty-service's tiers, lowest first (as its TierChanged events name them). */
    List<String> loyaltyTiers();

    /** The tier from which an owner is loyal. */
    String loyalFromTier();

    /** How often the sweep runs ({@code off} disables it); read by {@link ScheduledSweeps}. */
    String sweepEvery();
}
