package dev.chezhu.telematics.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One record of a vehicle's service chain (table service_record, append-only). */
@Entity
@Table(name = "service_record")
@IdClass(ServiceRecordEntity.Key.class)
public class ServiceRecordEntity {

    public static class Key implements Serializable {
        public String vin;
        public long position;

        public Key() {
        }

        public Key(String vin, long position) {
            this.vin = vin;
            this.position = position;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && vin.equals(key.vin) && position == key.position;
        }

        @Override
        public int hashCode() {
            return Objects.hash(vin, position);
        }
    }

    @Id
    public String vin;

    @Id
    public long position;

    @Column(name = "dealer_id", nullable = false)
    public String dealerId;

    @Column(name = "request_id", nullable = false)
    public String requestId;

    @Column(name = "visit_date", nullable = false)
    public LocalDate visitDate;

    @Column(name = "odometer_km", nullable = false)
    public long odometerKm;

    /** JSON array of {code, description}. */
    @Column(name = "work_items", nullable = false)
    public String workItems;

    /** JSON array of {part_number, description, quantity}. */
    @Column(nullable = false)
    public String parts;

    @Column(nullable = false)
    public String notes;

    @Column(name = "record_time", nullable = false)
    public Instant recordTime;

    @Column(name = "previous_hash", nullable = false)
    public String previousHash;

    @Column(nullable = false)
    public String hash;

    @Column(nullable = false)
    public String signature;

    @Column(name = "key_id", nullable = false)
    public String keyId;
}
