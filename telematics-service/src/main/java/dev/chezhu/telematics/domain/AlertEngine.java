package dev.chezhu.telematics.domain;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.telematics.persistence.AlertStateCache;
import io.smallrye.mutiny.Uni;

/**
 * Runs the alert rules over each stored batch: reads the vehicle's rule state from Redis, evaluates
 * (pure), writes alert transitions and their events to PostgreSQL in one transaction, then saves the
 * changed rule state. Batches without a rule signal cost nothing. Should anything fail after the
 * batch was stored, the ingestion call fails and the head unit's resend re-evaluates (the state only
 * moves forward in observe time, and raising/clearing is idempotent).
 */
@ApplicationScoped
public class AlertEngine {

    private final AlertRules rules;
    private final AlertStateCache state;
    private final Alerts alerts;

    public AlertEngine(AlertRules rules, AlertStateCache state, Alerts alerts) {
        this.rules = rules;
        this.state = state;
        this.alerts = alerts;
    }

    public Uni<Void> evaluate(String vin, List<SignalReading> readings) {
        List<SignalReading> relevant = readings.stream().filter(r -> AlertRules.relevant(r.signal())).toList();
        if (relevant.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return state.read(vin).flatMap(current -> {
            AlertRules.Evaluation evaluation = rules.evaluate(current, relevant);
            Uni<Void> transitions = evaluation.transitions().isEmpty() ? Uni.createFrom().voidItem()
                    : alerts.apply(vin, evaluation.transitions());
            return transitions.flatMap(v -> state.write(vin, evaluation.changedState()));
        });
    }
}
