package dev.chezhu.identity.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.chezhu.identity.domain.IdentifierNormalizer;
import dev.chezhu.identity.domain.ObservationValidator;

/** Wires the pure domain helpers with their configuration. */
public class IdentityConfig {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    IdentifierNormalizer identifierNormalizer(@ConfigProperty(name = "chezhu.identity.face-token-key") String key) {
        return new IdentifierNormalizer(key);
    }

    @Produces
    @Singleton
    ObservationValidator observationValidator(IdentifierNormalizer normalizer, Clock clock) {
        return new ObservationValidator(normalizer, clock);
    }
}
