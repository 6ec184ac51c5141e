package dev.chezhu.recommendation.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.chezhu.recommendation.domain.ListeningEventValidator;

/** Wires the pure domain helpers with their configuration. */
public class RecommendationBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    ListeningEventValidator listeningEventValidator(Clock clock) {
        return new ListeningEventValidator(clock);
    }
}
