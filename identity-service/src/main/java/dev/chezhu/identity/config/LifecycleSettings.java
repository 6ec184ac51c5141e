package dev.chezhu.identity.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** {@code chezhu.identity.lifecycle.*}: churn period, loyalty and advocacy thresholds. */
@ConfigMapping(prefix = "chezhu.identity.lifecycle")
public interface LifecycleSettings {

    Duration churnAfter();

    Duration loyalWindow();

    int loyalMinVisits();

    Duration advocateWindow();

    int advocateMinActions();

    /** How often the sweep runs ({@code off} disables it); read by {@link ScheduledSweeps}. */
    String sweepEvery();
}
