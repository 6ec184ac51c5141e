package dev.chezhu.identity.config;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.identity.domain.Leads;
import dev.chezhu.identity.domain.Lifecycles;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Time-driven work: leads past their contact window, owners who churned with the passing of time.
 * Each run is one short transaction that skips rows another replica is working on, so any number of
 * replicas may run it. Intervals: {@code chezhu.identity.leads.sweep-every},
 * {@code chezhu.identity.lifecycle.sweep-every} ({@code off} disables).
 */
@ApplicationScoped
public class ScheduledSweeps {

    private final Leads leads;
    private final Lifecycles lifecycles;
    private final Clock clock;

    public ScheduledSweeps(Leads leads, Lifecycles lifecycles, Clock clock) {
        this.leads = leads;
        this.lifecycles = lifecycles;
        this.clock = clock;
    }

    @Scheduled(identity = "lead-contact-sweep", every = "${chezhu.identity.leads.sweep-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> overdueLeads() {
        return leads.sweepOverdue(clock.instant()).replaceWithVoid();
    }

    @Scheduled(identity = "churn-sweep", every = "${chezhu.identity.lifecycle.sweep-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> churn() {
        return lifecycles.sweepChurn(clock.instant()).replaceWithVoid();
    }
}
