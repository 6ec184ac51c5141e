package dev.chezhu.loyalty.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A person's account row. balance and version are a snapshot of the ledger that only the database
 * trigger on ledger_entry writes; they are read-only here so no flush can ever write a stale one.
 */
@Entity
@Table(name = "loyalty_account")
public class LoyaltyAccountEntity {

    @Id
    @Column(name = "person_id")
    public String personId;

    @Column(nullable = false)
    public String tier;

    @Column(insertable = false, updatable = false)
    public long balance;

    @Column(insertable = false, updatable = false)
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
