package dev.chezhu.loyalty.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.chezhu.loyalty.domain.CreditValidator;

/** Wires the pure domain helpers. */
public class LoyaltyConfig {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    CreditValidator creditValidator() {
        return new CreditValidator();
    }
}
