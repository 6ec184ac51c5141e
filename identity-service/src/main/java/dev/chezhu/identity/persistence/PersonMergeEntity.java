package dev.chezhu.identity.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "person_merge")
public class PersonMergeEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "survivor_id", nullable = false)
    public String survivorId;

    @Column(name = "merged_id", nullable = false)
    public String mergedId;

    @Column(name = "request_id", nullable = false)
    public String requestId;

    @Column(name = "merged_at", nullable = false)
    public Instant mergedAt;

    /** Set when an unmerge split this merge. */
    @Column(name = "undone_at")
    public Instant undoneAt;
}
