package dev.chezhu.loyalty.events;

import jakarta.enterprise.context.ApplicationScoped;

import dev.chezhu.loyalty.domain.Offers;
import dev.chezhu.platform.events.Envelope;
import dev.chezhu.platform.events.EventHandler;
import dev.chezhu.platform.events.Topics;
import dev.chezhu.telematics.v1.AlertRaised;
import dev.chezhu.telematics.v1.AlertType;
import io.smallrye.mutiny.Uni;

/**
 * A telemetry alert that service is due → the offer rules of trigger SERVICE_DUE choose a maintenance
 * offer for the vehicle's owner (with marketing consent, within the frequency cap). Other alert types
 * are not loyalty's business. Idempotent by alert ID.
 */
@ApplicationScoped
public class TelematicsEventHandler implements EventHandler {

    private static final String RAISED = Envelope.typeOf(AlertRaised.getDefaultInstance());

    private final Offers offers;

    public TelematicsEventHandler(Offers offers) {
        this.offers = offers;
    }

    @Override
    public String topic() {
        return Topics.TELEMATICS;
    }

    @Override
    public boolean handles(String type) {
        return RAISED.equals(type);
    }

    @Override
    public Uni<Void> handle(Envelope event) {
        AlertRaised raised = event.payloadAs(AlertRaised.parser());
        if (raised.getAlert().getType() != AlertType.ALERT_TYPE_SERVICE_DUE) {
            return Uni.createFrom().voidItem();
        }
        return offers.onServiceDue(raised.getAlert().getAlertId(), raised.getAlert().getVin()).replaceWithVoid();
    }
}
