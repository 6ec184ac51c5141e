-- What the test handlers did, written in the consumer's transaction: one row per applied event.
CREATE TABLE test_effect (
    id         BIGSERIAL PRIMARY KEY,
    event_id   UUID        NOT NULL,
    topic      TEXT        NOT NULL,
    subject    TEXT        NOT NULL,
    value      TEXT        NOT NULL,
    trace_id   TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX test_effect_subject ON test_effect (subject);
