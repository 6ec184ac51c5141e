package dev.chezhu.telematics.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One proactive alert (table telematics_alert). */
@Entity
@Table(name = "telematics_alert")
public class AlertEntity {

    @Id
    @Column(name = "alert_id")
    public UUID alertId;

    @Column(nullable = false)
    public String vin;

    @Column(name = "alert_type", nullable = false)
    public String alertType;

    @Column(nullable = false)
    public String subject;

    @Column(nullable = false)
    public String state;

    @Column(nullable = false)
    public String description;

    @Column(name = "trigger_value", nullable = false)
    public double triggerValue;

    @Column(name = "raise_time", nullable = false)
    public Instant raiseTime;

    @Column(name = "clear_time")
    public Instant clearTime;
}
