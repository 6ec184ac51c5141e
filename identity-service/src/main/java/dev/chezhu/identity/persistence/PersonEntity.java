package dev.chezhu.identity.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The person row as Hibernate maps it. Resolution reads and writes persons through native SQL
 * ({@link PersonStore}); the entities map the schema and keep Hibernate Reactive (and with it the
 * session and transactions every store uses) active.
 */
@Entity
@Table(name = "person")
public class PersonEntity {

    @Id
    public String id;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Set when this person was merged into another; the survivor answers for this ID. */
    @Column(name = "merged_into")
    public String mergedInto;

    /** Set when the person was erased: the row stays as a tombstone without personal data. */
    @Column(name = "erased_at")
    public Instant erasedAt;
}
