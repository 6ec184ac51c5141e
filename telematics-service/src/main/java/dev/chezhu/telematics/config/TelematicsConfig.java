package dev.chezhu.telematics.config;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.chezhu.telematics.domain.AlertRules;
import dev.chezhu.telematics.domain.AlertThresholds;
import dev.chezhu.telematics.domain.BatchValidator;
import dev.chezhu.telematics.domain.ConsentCache;
import dev.chezhu.telematics.domain.ConsentDecision;
import dev.chezhu.telematics.domain.ConsentGate;
import dev.chezhu.telematics.domain.RetentionPolicy;
import dev.chezhu.telematics.domain.SignalCatalogue;
import dev.chezhu.telematics.grpc.IdentityConsentGate;
import dev.chezhu.telematics.persistence.CopyTelemetryWriter;
import dev.chezhu.telematics.persistence.InsertTelemetryWriter;
import dev.chezhu.telematics.persistence.TelemetryWriter;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Wires the pure domain helpers and the chosen adapters with their configuration. */
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

    /** copy (JDBC COPY on a worker thread) or insert (reactive multi-row INSERT from unnest). */
    @Produces
    @Singleton
    TelemetryWriter telemetryWriter(@ConfigProperty(name = "chezhu.telematics.ingest.writer") String writer,
            DataSource jdbc, Pool pool, Tracer tracer) {
        TelemetryWriter chosen = switch (writer) {
            case "copy" -> new CopyTelemetryWriter(jdbc, tracer);
            case "insert" -> new InsertTelemetryWriter(pool);
            default -> throw new IllegalArgumentException("chezhu.telematics.ingest.writer must be copy or insert, got "
                    + writer);
        };
        LOG.infof("Telemetry writer: %s", chosen.name());
        return chosen;
    }

    /**
     * The consent port: identity-service by default; {@code permissive} (grants everything) only for
     * the benchmark and the crash test, logged loudly. Tests replace this bean with their own.
     */
    @Produces
    @Singleton
    @DefaultBean
    ConsentGate consentGate(@ConfigProperty(name = "chezhu.telematics.consent.gate") String gate,
            Instance<IdentityConsentGate> identity) {
        return switch (gate) {
            case "identity" -> identity.get();
            case "permissive" -> {
                LOG.warn("PERMISSIVE CONSENT GATE: every vehicle is treated as consenting to telemetry collection."
                        + " For the benchmark and the crash test only, never in production.");
                yield vin -> Uni.createFrom().item(ConsentDecision.GRANTED);
            }
            default -> throw new IllegalArgumentException("chezhu.telematics.consent.gate must be identity or permissive");
        };
    }

    @Produces
    @Singleton
    ConsentCache consentCache(ConsentGate gate, ConsentCache.ConsentAnswers answers,
            @ConfigProperty(name = "chezhu.telematics.consent.cache-ttl") Duration ttl) {
        return new ConsentCache(gate, answers, ttl);
    }

    @Produces
    @Singleton
    AlertThresholds alertThresholds(
            @ConfigProperty(name = "chezhu.telematics.alerts.tyre.low-kpa") double lowTyreKpa,
            @ConfigProperty(name = "chezhu.telematics.alerts.tyre.clear-kpa") double tyreClearKpa,
            @ConfigProperty(name = "chezhu.telematics.alerts.tyre.sustain") Duration tyreSustain,
            @ConfigProperty(name = "chezhu.telematics.alerts.cell.raise-mv") double cellRaiseMv,
            @ConfigProperty(name = "chezhu.telematics.alerts.cell.clear-mv") double cellClearMv,
            @ConfigProperty(name = "chezhu.telematics.alerts.cell.sustain") Duration cellSustain,
            @ConfigProperty(name = "chezhu.telematics.alerts.service.distance-km") double serviceKm,
            @ConfigProperty(name = "chezhu.telematics.alerts.service.distance-clear-km") double serviceClearKm,
            @ConfigProperty(name = "chezhu.telematics.alerts.service.time") Duration serviceTime,
            @ConfigProperty(name = "chezhu.telematics.alerts.service.time-clear") Duration serviceTimeClear,
            @ConfigProperty(name = "chezhu.telematics.alerts.dtc.clear-after") Duration dtcClearAfter) {
        return new AlertThresholds(lowTyreKpa, tyreClearKpa, tyreSustain, cellRaiseMv, cellClearMv, cellSustain,
                serviceKm, serviceClearKm, serviceTime, serviceTimeClear, dtcClearAfter);
    }

    @Produces
    @Singleton
    RetentionPolicy retentionPolicy(@ConfigProperty(name = "chezhu.telematics.retention.raw") Duration raw,
            @ConfigProperty(name = "chezhu.telematics.retention.rollup") Duration rollup) {
        if (rollup.compareTo(raw) < 0) {
            throw new IllegalArgumentException("chezhu.telematics.retention.rollup must not be shorter than retention.raw");
        }
        return new RetentionPolicy(raw, rollup);
    }

    @Produces
    @Singleton
    AlertRules alertRules(AlertThresholds thresholds) {
        return new AlertRules(thresholds);
    }
}
