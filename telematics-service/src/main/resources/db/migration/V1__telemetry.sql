-- Every batch a head unit sent, once: the primary key is what makes a resend (same vehicle, boot
-- session and sequence) store nothing twice. The digest tells a resend from a reused sequence.
CREATE TABLE telemetry_batch (
    vin             TEXT        NOT NULL,
    session_id      TEXT        NOT NULL,
    sequence        BIGINT      NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL,
    datapoint_count INTEGER     NOT NULL,
    stored_count    INTEGER     NOT NULL,
    content_digest  TEXT        NOT NULL,
    CONSTRAINT telemetry_batch_pkey PRIMARY KEY (vin, session_id, sequence),
    CONSTRAINT telemetry_batch_sequence_positive CHECK (sequence >= 1),
    CONSTRAINT telemetry_batch_counts CHECK (stored_count BETWEEN 0 AND datapoint_count)
);

-- Every stored datapoint. Exactly one value column is set, chosen by the signal's VSS datatype:
-- numbers (integers and floats) in value_num, booleans in value_bool, strings in value_text, arrays
-- as a JSON array in value_json. session_id/sequence name the batch the row came with.
--
-- Partitioned by observe time from the start, so that time partitions (and dropping old ones for
-- retention) can be added later without rewriting the table: until then every row lands in the
-- default partition. Before adding a range partition, move the rows of its range out of the default
-- partition (PostgreSQL refuses to attach a range the default partition already holds rows for).
CREATE TABLE telemetry_datapoint (
    vin         TEXT             NOT NULL,
    signal      TEXT             NOT NULL,
    observed_at TIMESTAMPTZ      NOT NULL,
    value_num   DOUBLE PRECISION,
    value_bool  BOOLEAN,
    value_text  TEXT,
    value_json  JSONB,
    session_id  TEXT             NOT NULL,
    sequence    BIGINT           NOT NULL,
    CONSTRAINT telemetry_datapoint_one_value CHECK (num_nonnulls(value_num, value_bool, value_text, value_json) = 1)
) PARTITION BY RANGE (observed_at);

CREATE TABLE telemetry_datapoint_default PARTITION OF telemetry_datapoint DEFAULT;

-- History of one signal of one vehicle, newest first (charts, battery health, service reminders).
CREATE INDEX telemetry_datapoint_vehicle_signal_time ON telemetry_datapoint (vin, signal, observed_at DESC);
