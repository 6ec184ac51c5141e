-- platform-events: the transactional outbox and the idempotent inbox. Shipped inside the
-- platform-events jar; a service adds it with quarkus.flyway.locations=db/migration,db/platform.
-- Versions 0.x stay below the services' own V1.

-- Events written in the same transaction as the change that caused them. The relay claims rows
-- (FOR UPDATE SKIP LOCKED), appends each to the Redis stream chezhu:events:<topic> and deletes
-- them in one transaction; a row that is still here has not been published yet.
CREATE TABLE outbox_event (
    id          BIGSERIAL PRIMARY KEY,
    event_id    UUID        NOT NULL UNIQUE,
    topic       TEXT        NOT NULL,
    type        TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    subject     TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    traceparent TEXT,
    payload     BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per event a consumer group has processed, inserted in the handler's own transaction:
-- a second delivery of the same event finds the row and skips the handler.
CREATE TABLE inbox_event (
    consumer_group TEXT        NOT NULL,
    event_id       UUID        NOT NULL,
    type           TEXT        NOT NULL,
    processed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, event_id)
);
CREATE INDEX inbox_event_processed_at ON inbox_event (processed_at);
