package dev.chezhu.recommendation.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "listening_event")
public class ListeningEventEntity {

    @Id
    public String id;

    /** The token subject that recorded the event: the scope of its request_id. */
    @Column(nullable = false)
    public String caller;

    @Column(name = "request_id", nullable = false)
    public String requestId;

    @Column(name = "request_hash", nullable = false)
    public String requestHash;

    /** The person the event counts for now: the survivor once persons were merged. */
    @Column(name = "person_id")
    public String personId;

    /** The person the event was recorded for; kept so that a wrong merge can be split again. */
    @Column(name = "original_person_id")
    public String originalPersonId;

    public String vin;

    @Column(name = "item_id", nullable = false)
    public String itemId;

    @Column(nullable = false)
    public String type;

    @Column(name = "listened_ms", nullable = false)
    public long listenedMs;

    @Column(nullable = false)
    public String place;

    @Column(name = "day_part", nullable = false)
    public String dayPart;

    @Column(name = "driving_state", nullable = false)
    public String drivingState;

    @Column(name = "event_time", nullable = false)
    public Instant eventTime;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "projected_at")
    public Instant projectedAt;
}
