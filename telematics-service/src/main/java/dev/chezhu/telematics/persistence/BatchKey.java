package dev.chezhu.telematics.persistence;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A batch is identified by its vehicle, the head unit's boot session and the sequence within it. */
@Embeddable
public class BatchKey implements Serializable {

    @Column(nullable = false)
    public String vin;

    @Column(name = "session_id", nullable = false)
    public String sessionId;

    @Column(nullable = false)
    public long sequence;

    public BatchKey() {
    }

    public BatchKey(String vin, String sessionId, long sequence) {
        this.vin = vin;
        this.sessionId = sessionId;
        this.sequence = sequence;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BatchKey key && vin.equals(key.vin) && sessionId.equals(key.sessionId)
                && sequence == key.sequence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(vin, sessionId, sequence);
    }
}
