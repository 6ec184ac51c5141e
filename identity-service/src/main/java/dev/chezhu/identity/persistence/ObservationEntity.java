package dev.chezhu.identity.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The first answer to a request_id, kept so a resent observation changes nothing. */
@Entity
@Table(name = "observation")
public class ObservationEntity {

    @Id
    @Column(name = "request_id")
    public String requestId;

    @Column(nullable = false)
    public String source;

    @Column(name = "person_id", nullable = false)
    public String personId;

    @Column(nullable = false)
    public String outcome;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
