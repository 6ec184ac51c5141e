package dev.chezhu.telematics.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.chezhu.telematics.domain.BatchValidator;
import dev.chezhu.telematics.domain.SignalCatalogue;
import io.quarkus.runtime.Startup;

/** Wires the pure domain helpers with their configuration. */
public class TelematicsConfig {

    private static final Logger LOG = Logger.getLogger(TelematicsConfig.class);

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Loaded at start, so a broken catalogue file stops the service instead of its first request. */
    @Produces
    @Singleton
    @Startup
    SignalCatalogue signalCatalogue(@ConfigProperty(name = "chezhu.telematics.signal-catalogue") String resource) {
        SignalCatalogue catalogue = SignalCatalogue.fromResource(resource);
        LOG.infof("Signal catalogue %s: %d signals", resource, catalogue.size());
        return catalogue;
    }

    @Produces
    @Singleton
    BatchValidator batchValidator(SignalCatalogue catalogue, Clock clock) {
        return new BatchValidator(catalogue, clock);
    }
}
