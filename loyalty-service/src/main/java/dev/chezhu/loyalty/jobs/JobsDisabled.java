package dev.chezhu.loyalty.jobs;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/** Skips the scheduled chores when {@code chezhu.loyalty.jobs.enabled=false} (tests, benchmarks). */
@Singleton
public class JobsDisabled implements Scheduled.SkipPredicate {

    private final boolean enabled;

    public JobsDisabled(@ConfigProperty(name = "chezhu.loyalty.jobs.enabled", defaultValue = "true") boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !enabled;
    }
}
