package dev.chezhu.identity.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** {@code chezhu.identity.leads.*}: contact window and default dealer. */
@ConfigMapping(prefix = "chezhu.identity.leads")
public interface LeadSettings {

    /** A lead not contacted this long after creation raises LeadNotContacted. */
    Duration contactWindow();

    /** Dealer of a lead when none is requested and no dealer CRM knows the person. */
    String defaultDealer();

    /** How often the sweep runs ({@code off} disables it); read by {@link ScheduledSweeps}. */
    String sweepEvery();
}
