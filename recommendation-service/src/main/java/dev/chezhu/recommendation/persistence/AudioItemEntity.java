package dev.chezhu.recommendation.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "audio_item")
public class AudioItemEntity {

    @Id
    public String id;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String language;

    @Column(name = "duration_seconds", nullable = false)
    public int durationSeconds;

    @Column(nullable = false)
    public String provider;

    @Column(nullable = false)
    public boolean explicit;

    @Column(nullable = false)
    public boolean retired;

    @Column(name = "editorial_rank")
    public Integer editorialRank;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    /** The OAuth client of the partner that created the item; null for the launch catalogue. */
    @Column(name = "owner_client")
    public String ownerClient;

    @Column(name = "create_request_id")
    public String createRequestId;

    @Column(name = "create_request_hash")
    public String createRequestHash;
}
