package dev.chezhu.identity.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "person_identifier")
public class PersonIdentifierEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "person_id", nullable = false)
    public String personId;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String scope;

    @Column(nullable = false)
    public String value;

    @Column(nullable = false)
    public String source;

    @Column(name = "first_seen_at", nullable = false)
    public Instant firstSeenAt;
}
