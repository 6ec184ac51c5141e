package dev.chezhu.telematics.events;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import dev.chezhu.telematics.persistence.AlertEntity;
import dev.chezhu.telematics.v1.Alert;
import dev.chezhu.telematics.v1.AlertCleared;
import dev.chezhu.telematics.v1.AlertRaised;
import dev.chezhu.telematics.v1.AlertState;
import dev.chezhu.telematics.v1.AlertType;

/** Protobuf forms of alerts, shared by the RPCs and the events. */
public final class TelematicsMessages {

    private TelematicsMessages() {
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Alert alert(AlertEntity entity) {
        Alert.Builder alert = Alert.newBuilder()
                .setName("vehicles/" + entity.vin + "/alerts/" + entity.alertId)
                .setAlertId(entity.alertId.toString())
                .setVin(entity.vin)
                .setType(AlertType.valueOf("ALERT_TYPE_" + entity.alertType))
                .setSubject(entity.subject)
                .setState("OPEN".equals(entity.state) ? AlertState.ALERT_STATE_OPEN : AlertState.ALERT_STATE_CLEARED)
                .setDescription(entity.description)
                .setTriggerValue(entity.triggerValue)
                .setRaiseTime(timestamp(entity.raiseTime));
        if (entity.clearTime != null) {
            alert.setClearTime(timestamp(entity.clearTime));
        }
        return alert.build();
    }

    public static AlertRaised raised(AlertEntity entity, Instant now) {
        return AlertRaised.newBuilder().setAlert(alert(entity)).setEventTime(timestamp(now)).build();
    }

    public static AlertCleared cleared(AlertEntity entity, Instant now) {
        return AlertCleared.newBuilder().setAlert(alert(entity)).setEventTime(timestamp(now)).build();
    }
}
