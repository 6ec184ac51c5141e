-- Issue #4: consent outcome and observed range per batch, daily partitions, hourly rollups,
-- proactive alerts and the certified service history (events go through platform-events' outbox).

-- A batch whose vehicle's owner had not granted telemetry_collection is acknowledged (its key is
-- kept, so a resend is recognised) but none of its datapoints is stored.
ALTER TABLE telemetry_batch ADD COLUMN consent_withheld BOOLEAN NOT NULL DEFAULT false;
-- Range of the observe times of the stored datapoints: the rollup job recomputes exactly the hours
-- that batches received since its last run touched (late and resent data included).
ALTER TABLE telemetry_batch ADD COLUMN min_observed_at TIMESTAMPTZ;
ALTER TABLE telemetry_batch ADD COLUMN max_observed_at TIMESTAMPTZ;
CREATE INDEX telemetry_batch_received ON telemetry_batch (received_at);

-- Creates the daily partition of telemetry_datapoint for one UTC day if it is missing. Rows of that
-- day already in the default partition are moved into it first (PostgreSQL refuses to attach a
-- range the default partition holds rows of); the default partition is locked meanwhile so that no
-- concurrent insert can slip a row of that day in between. Returns true when it created one.
CREATE FUNCTION telematics_ensure_partition(day DATE) RETURNS BOOLEAN
LANGUAGE plpgsql AS $$
DECLARE
    part TEXT := 'telemetry_datapoint_p' || to_char(day, 'YYYYMMDD');
    lo TIMESTAMPTZ := day::timestamp AT TIME ZONE 'UTC';
    hi TIMESTAMPTZ := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN false;
    END IF;
    LOCK TABLE telemetry_datapoint_default IN SHARE ROW EXCLUSIVE MODE;
    EXECUTE format('CREATE TABLE %I (LIKE telemetry_datapoint INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
    EXECUTE format('WITH moved AS (DELETE FROM telemetry_datapoint_default WHERE observed_at >= %L AND observed_at < %L RETURNING *) '
                   'INSERT INTO %I SELECT * FROM moved', lo, hi, part);
    EXECUTE format('ALTER TABLE telemetry_datapoint ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    RETURN true;
END
$$;

-- Drops the daily partitions that end at or before the cutoff, and deletes older rows that sit in
-- the default partition. Returns how many partitions it dropped.
CREATE FUNCTION telematics_drop_raw_before(cutoff TIMESTAMPTZ) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    part RECORD;
    dropped INTEGER := 0;
BEGIN
    FOR part IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'telemetry_datapoint'::regclass
          AND c.relname ~ '^telemetry_datapoint_p[0-9]{8}$'
          AND ((to_date(substring(c.relname FROM 22 FOR 8), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC') <= cutoff
    LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    DELETE FROM telemetry_datapoint_default WHERE observed_at < cutoff;
    RETURN dropped;
END
$$;

-- Today and the next days, so that ingestion never lands in the default partition.
SELECT telematics_ensure_partition((current_date + d)::date) FROM generate_series(0, 2) AS d;

-- Hourly min/max/sum/count per vehicle and numeric signal, kept much longer than the raw rows.
CREATE TABLE telemetry_rollup_hourly (
    vin          TEXT             NOT NULL,
    signal       TEXT             NOT NULL,
    bucket_start TIMESTAMPTZ      NOT NULL,
    min_value    DOUBLE PRECISION NOT NULL,
    max_value    DOUBLE PRECISION NOT NULL,
    sum_value    DOUBLE PRECISION NOT NULL,
    value_count  BIGINT           NOT NULL,
    CONSTRAINT telemetry_rollup_hourly_pkey PRIMARY KEY (vin, signal, bucket_start)
);
CREATE INDEX telemetry_rollup_hourly_bucket ON telemetry_rollup_hourly (bucket_start);

-- Watermarks of the maintenance jobs (the rollup job's: batches received before it are rolled up).
CREATE TABLE telemetry_job_watermark (
    job        TEXT        PRIMARY KEY,
    watermark  TIMESTAMPTZ NOT NULL
);

-- Proactive alerts. At most one OPEN alert per vehicle, type and subject (the DTC, the wheel; ''
-- for vehicle-wide conditions), enforced by the partial unique index: raising twice is a no-op.
CREATE TABLE telematics_alert (
    alert_id      UUID             PRIMARY KEY,
    vin           TEXT             NOT NULL,
    alert_type    TEXT             NOT NULL,
    subject       TEXT             NOT NULL DEFAULT '',
    state         TEXT             NOT NULL,
    description   TEXT             NOT NULL,
    trigger_value DOUBLE PRECISION NOT NULL,
    raise_time    TIMESTAMPTZ      NOT NULL,
    clear_time    TIMESTAMPTZ,
    CONSTRAINT telematics_alert_state CHECK (state IN ('OPEN', 'CLEARED')),
    CONSTRAINT telematics_alert_cleared CHECK ((state = 'CLEARED') = (clear_time IS NOT NULL))
);
CREATE UNIQUE INDEX telematics_alert_one_open ON telematics_alert (vin, alert_type, subject) WHERE state = 'OPEN';
CREATE INDEX telematics_alert_vehicle ON telematics_alert (vin, raise_time DESC, alert_id);

-- The certified service history: one hash chain per vehicle, append-only. position is 1, 2, 3...
-- previous_hash/hash/signature are as described in the module README (canonical form v1).
CREATE TABLE service_record (
    vin           TEXT        NOT NULL,
    position      BIGINT      NOT NULL,
    dealer_id     TEXT        NOT NULL,
    request_id    TEXT        NOT NULL,
    visit_date    DATE        NOT NULL,
    odometer_km   BIGINT      NOT NULL,
    -- JSON arrays as text: [{code, description}], [{part_number, description, quantity}]
    work_items    TEXT        NOT NULL,
    parts         TEXT        NOT NULL,
    notes         TEXT        NOT NULL,
    record_time   TIMESTAMPTZ NOT NULL,
    previous_hash TEXT        NOT NULL,
    hash          TEXT        NOT NULL,
    signature     TEXT        NOT NULL,
    key_id        TEXT        NOT NULL,
    CONSTRAINT service_record_pkey PRIMARY KEY (vin, position),
    CONSTRAINT service_record_request UNIQUE (dealer_id, request_id),
    CONSTRAINT service_record_position_positive CHECK (position >= 1)
);

-- Records are never changed or removed: the chain is append-only in the database too.
CREATE FUNCTION service_record_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'service_record is append-only';
END
$$;
CREATE TRIGGER service_record_no_update BEFORE UPDATE OR DELETE ON service_record
    FOR EACH ROW EXECUTE FUNCTION service_record_append_only();
