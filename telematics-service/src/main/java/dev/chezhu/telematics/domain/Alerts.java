package dev.chezhu.telematics.domain;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.error.ServiceException;
import dev.chezhu.telematics.events.TelematicsMessages;
import dev.chezhu.telematics.persistence.AlertEntity;
import dev.chezhu.telematics.persistence.AlertStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Opens and closes alerts (one transaction per batch's transitions, with their events in the
 * outbox), and lists them. Opening an alert that is already open, or closing one that is not, changes
 * nothing and publishes nothing, so re-evaluating a resent batch is harmless.
 */
@ApplicationScoped
public class Alerts {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 500;

    private final AlertStore store;
    private final EventPublisher events;
    private final Clock clock;
    private final MeterRegistry metrics;

    public Alerts(AlertStore store, EventPublisher events, Clock clock, MeterRegistry metrics) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.metrics = metrics;
    }

    @WithSpan("Alerts.apply")
    @WithTransaction
    public Uni<Void> apply(@SpanAttribute("vehicle.vin") String vin, List<AlertRules.Transition> transitions) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AlertRules.Transition t : transitions) {
            chain = chain.flatMap(v -> t.raise()
                    ? store.raise(vin, t.type().name(), t.subject(), t.description(), t.value(), t.at())
                            .flatMap(opened -> publish(opened, true))
                    : store.clear(vin, t.type().name(), t.subject(), t.at())
                            .flatMap(closed -> publish(closed, false)));
        }
        return chain;
    }

    private Uni<Void> publish(Optional<AlertEntity> alert, boolean raised) {
        if (alert.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        AlertEntity a = alert.get();
        metrics.counter("telematics.alerts", "type", a.alertType, "transition", raised ? "raised" : "cleared")
                .increment();
        return events.publish(EventPublisher.TOPIC, a.vin, raised ? TelematicsMessages.raised(a, clock.instant())
                : TelematicsMessages.cleared(a, clock.instant()));
    }

    /** A page of a vehicle's alerts; the token is the offset of the next page. */
    public record AlertPage(List<AlertEntity> alerts, String nextPageToken) {
    }

    @WithSpan("Alerts.list")
    @WithSession
    public Uni<AlertPage> list(Caller caller, @SpanAttribute("vehicle.name") String parent, boolean openOnly,
            int pageSize, String pageToken) {
        return Uni.createFrom().item(() -> {
            VehicleAccess.requireRead(caller, VehicleName.requestedVin(parent, false));
            return VehicleName.vin(parent, false).orElseThrow(() -> ServiceException.invalidField("parent",
                    "must be vehicles/{vin}, a VIN being 17 characters of A-Z (no I, O, Q) and 0-9"));
        }).flatMap(vin -> {
            int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
            int offset = PageTokens.offset(pageToken, "alerts|" + vin + "|" + openOnly);
            return store.list(vin, openOnly, offset, size + 1).map(found -> new AlertPage(
                    found.subList(0, Math.min(size, found.size())),
                    found.size() > size ? PageTokens.offsetToken(offset + size, "alerts|" + vin + "|" + openOnly)
                            : ""));
        });
    }
}
