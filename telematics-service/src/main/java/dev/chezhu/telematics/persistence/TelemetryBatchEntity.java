package dev.chezhu.telematics.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A batch received once: its key makes every resend of it recognisable. */
@Entity
@Table(name = "telemetry_batch")
public class TelemetryBatchEntity {

    @EmbeddedId
    public BatchKey key;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "datapoint_count", nullable = false)
    public int datapointCount;

    @Column(name = "stored_count", nullable = false)
    public int storedCount;

    /** SHA-256 of the datapoints as sent, to tell a resend from a reused sequence. */
    @Column(name = "content_digest", nullable = false)
    public String contentDigest;
}
