package dev.chezhu.telematics.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Alerts in PostgreSQL. One open alert per (vin, type, subject) is enforced by a partial unique index. */
@ApplicationScoped
@WithSession
public class AlertStore {

    private static final String RAISE = "insert into telematics_alert (alert_id, vin, alert_type, subject, state, "
            + "description, trigger_value, raise_time) values (:id, :vin, :type, :subject, 'OPEN', :description, "
            + ":value, :at) on conflict (vin, alert_type, subject) where state = 'OPEN' do nothing";

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** Opens an alert unless one is open for the same condition; the new alert, or empty. */
    public Uni<Optional<AlertEntity>> raise(String vin, String type, String subject, String description, double value,
            Instant at) {
        UUID id = UUID.randomUUID();
        return session().flatMap(s -> s.createNativeQuery(RAISE)
                .setParameter("id", id)
                .setParameter("vin", vin)
                .setParameter("type", type)
                .setParameter("subject", subject)
                .setParameter("description", description)
                .setParameter("value", value)
                .setParameter("at", at)
                .executeUpdate()
                .flatMap(inserted -> inserted == 1 ? s.find(AlertEntity.class, id).map(Optional::ofNullable)
                        : Uni.createFrom().item(Optional.<AlertEntity> empty())));
    }

    /** Closes the open alert of a condition, if any; the closed alert, or empty. */
    public Uni<Optional<AlertEntity>> clear(String vin, String type, String subject, Instant at) {
        return session().flatMap(s -> s.createSelectionQuery("from AlertEntity a where a.vin = :vin "
                + "and a.alertType = :type and a.subject = :subject and a.state = 'OPEN'", AlertEntity.class)
                .setParameter("vin", vin)
                .setParameter("type", type)
                .setParameter("subject", subject)
                .getResultList()
                .map(open -> {
                    if (open.isEmpty()) {
                        return Optional.<AlertEntity> empty();
                    }
                    AlertEntity alert = open.get(0);
                    alert.state = "CLEARED";
                    alert.clearTime = at.isBefore(alert.raiseTime) ? alert.raiseTime : at;
                    return Optional.of(alert);
                }))
                .call(cleared -> session().flatMap(Mutiny.Session::flush));
    }

    /** A vehicle's alerts, newest first. */
    public Uni<List<AlertEntity>> list(String vin, boolean openOnly, int offset, int limit) {
        return session().flatMap(s -> s.createSelectionQuery("from AlertEntity a where a.vin = :vin"
                + (openOnly ? " and a.state = 'OPEN'" : "") + " order by a.raiseTime desc, a.alertId", AlertEntity.class)
                .setParameter("vin", vin)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList());
    }
}
