-- The audio catalogue. Items are never deleted: events keep referring to them, so an item leaves
-- the recommendations by being retired. editorial_rank orders the catalogue when nobody has
-- listened yet (cold start); items without one come last. version is for optimistic locking by the
-- catalogue-management RPCs to come.
CREATE TABLE audio_item (
    id               TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    title            TEXT        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    kind             TEXT        NOT NULL CHECK (kind IN ('PROGRAMME', 'EPISODE', 'MUSIC', 'NEWS', 'TALK',
                                                          'AUDIOBOOK', 'LANGUAGE_COURSE')),
    language         TEXT        NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    duration_seconds INTEGER     NOT NULL CHECK (duration_seconds > 0),
    provider         TEXT        NOT NULL CHECK (length(provider) BETWEEN 1 AND 64),
    explicit         BOOLEAN     NOT NULL DEFAULT FALSE,
    retired          BOOLEAN     NOT NULL DEFAULT FALSE,
    editorial_rank   INTEGER CHECK (editorial_rank > 0),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    version          BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX audio_item_editorial ON audio_item (editorial_rank NULLS LAST, id) WHERE NOT retired;

-- Tags in their own table so that cold start can find items by interest tag (index on tag) and
-- catalogue management can add or drop one tag without rewriting the item.
CREATE TABLE audio_item_tag (
    item_id TEXT NOT NULL REFERENCES audio_item (id),
    tag     TEXT NOT NULL CHECK (tag ~ '^[a-z][a-z0-9_]{0,31}$'),
    PRIMARY KEY (item_id, tag)
);
CREATE INDEX audio_item_tag_tag ON audio_item_tag (tag);

-- Every listening event, the source of truth: the Redis popularity and recent plays are derived
-- from it and can be rebuilt from it. One row per (caller, request_id): a resend replays the row.
-- request_hash fingerprints what the client sent, so a request_id reused for another event is
-- refused instead of silently dropped. projected_at is set once the event reached Redis.
CREATE TABLE listening_event (
    id            TEXT PRIMARY KEY,
    caller        TEXT        NOT NULL,
    request_id    TEXT        NOT NULL,
    request_hash  TEXT        NOT NULL,
    person_id     TEXT,
    vin           TEXT CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
    item_id       TEXT        NOT NULL REFERENCES audio_item (id),
    type          TEXT        NOT NULL CHECK (type IN ('STARTED', 'SKIPPED', 'COMPLETED', 'LIKED', 'DISLIKED')),
    listened_ms   BIGINT      NOT NULL CHECK (listened_ms BETWEEN 0 AND 86400000),
    place         TEXT        NOT NULL CHECK (place IN ('UNSPECIFIED', 'IN_CAR', 'AT_HOME', 'MOBILE')),
    day_part      TEXT        NOT NULL CHECK (day_part IN ('UNSPECIFIED', 'MORNING', 'MIDDAY', 'EVENING', 'NIGHT')),
    driving_state TEXT        NOT NULL CHECK (driving_state IN ('UNSPECIFIED', 'PARKED', 'CITY', 'HIGHWAY')),
    event_time    TIMESTAMPTZ NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL,
    projected_at  TIMESTAMPTZ,
    CONSTRAINT listening_event_request UNIQUE (caller, request_id),
    CONSTRAINT listening_event_listener CHECK (person_id IS NOT NULL OR vin IS NOT NULL)
);
-- Per-listener history (collaborative filtering, context learning) and per-item counts (evaluation).
CREATE INDEX listening_event_person ON listening_event (person_id, event_time) WHERE person_id IS NOT NULL;
CREATE INDEX listening_event_vin ON listening_event (vin, event_time) WHERE vin IS NOT NULL;
CREATE INDEX listening_event_item ON listening_event (item_id, event_time);
-- Events whose Redis projection has not been confirmed, for a repair job.
CREATE INDEX listening_event_unprojected ON listening_event (received_at) WHERE projected_at IS NULL;
