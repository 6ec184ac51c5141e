package dev.chezhu.loyalty.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** One movement of points. Immutable: the database refuses UPDATE and DELETE of these rows too. */
@Entity
@Immutable
@Table(name = "ledger_entry")
public class LedgerEntryEntity {

    @Id
    @Column(name = "entry_id")
    public UUID entryId;

    /** Insertion order, assigned by the database; newest first means highest first. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "person_id", nullable = false)
    public String personId;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public long points;

    @Column(nullable = false)
    public String reason;

    @Column(name = "source_reference", nullable = false)
    public String sourceReference;

    @Column(name = "request_id", nullable = false)
    public String requestId;

    /** For a lot (positive entry): when its points lapse; null = never. */
    @Column(name = "expires_at")
    public Instant expiresAt;

    /** For a REVERSE entry: the entry it undoes. */
    @Column(name = "reverses_entry_id")
    public UUID reversesEntryId;

    @Column(name = "actor_client", nullable = false)
    public String actorClient;

    @Column(name = "actor_subject", nullable = false)
    public String actorSubject;

    @Column(name = "actor_dealer_id")
    public String actorDealerId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** For an earn: the spend behind it, in fen (0 when not spend-based). */
    @Column(name = "spend_amount", nullable = false)
    public long spendAmount;
}
