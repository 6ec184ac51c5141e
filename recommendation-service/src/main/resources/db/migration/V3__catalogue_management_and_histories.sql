-- Catalogue management: who created an item (the OAuth client of a content partner; NULL for the
-- launch catalogue, which only the platform team manages), and the create request for idempotency.
ALTER TABLE audio_item ADD COLUMN owner_client TEXT;
ALTER TABLE audio_item ADD COLUMN create_request_id TEXT;
ALTER TABLE audio_item ADD COLUMN create_request_hash TEXT;
CREATE UNIQUE INDEX audio_item_create_request ON audio_item (owner_client, create_request_id)
    WHERE create_request_id IS NOT NULL;
CREATE INDEX audio_item_provider ON audio_item (provider, id);

-- Person merges: person_id is the person the event counts for now (the survivor after a merge),
-- original_person_id the person it was recorded for, so that a wrong merge can be split again.
ALTER TABLE listening_event ADD COLUMN original_person_id TEXT;
UPDATE listening_event SET original_person_id = person_id WHERE person_id IS NOT NULL;
CREATE INDEX listening_event_original_person ON listening_event (original_person_id)
    WHERE original_person_id IS NOT NULL;
-- Training reads the recent window of all events in time order.
CREATE INDEX listening_event_time ON listening_event (event_time);

-- Merged person IDs that still arrive on events: they are recorded for the survivor.
CREATE TABLE person_alias (
    person_id   TEXT PRIMARY KEY,
    survivor_id TEXT        NOT NULL,
    merged_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (person_id <> survivor_id)
);
CREATE INDEX person_alias_survivor ON person_alias (survivor_id);

-- Every model training run: what was learned from, and which version went live.
CREATE TABLE model_run (
    version      TEXT PRIMARY KEY,
    trained_at   TIMESTAMPTZ NOT NULL,
    events       BIGINT      NOT NULL,
    listeners    BIGINT      NOT NULL,
    items        BIGINT      NOT NULL,
    duration_ms  BIGINT      NOT NULL
);

-- Erasure requests, so that a resent EraseListeningHistory answers like the first one.
CREATE TABLE erasure (
    caller       TEXT        NOT NULL,
    request_id   TEXT        NOT NULL,
    person_id    TEXT        NOT NULL,
    erased_events BIGINT     NOT NULL,
    erased_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (caller, request_id)
);
