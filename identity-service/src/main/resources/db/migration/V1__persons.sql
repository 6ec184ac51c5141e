-- One row per unified person. A person merged into another keeps its row (merged_into set) so the
-- old ID still resolves to the survivor.
CREATE TABLE person (
    id          TEXT PRIMARY KEY,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    merged_into TEXT REFERENCES person (id)
);

-- Every identifier belongs to exactly one person: the unique key is what makes resolution
-- deterministic. scope is '' for unscoped types.
CREATE TABLE person_identifier (
    id            BIGSERIAL PRIMARY KEY,
    person_id     TEXT        NOT NULL REFERENCES person (id),
    type          TEXT        NOT NULL,
    scope         TEXT        NOT NULL DEFAULT '',
    value         TEXT        NOT NULL,
    source        TEXT        NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT person_identifier_key UNIQUE (type, scope, value)
);
CREATE INDEX person_identifier_person ON person_identifier (person_id);

-- Traits as each source reported them; survivorship picks one value per key when reading.
CREATE TABLE person_trait (
    id          BIGSERIAL PRIMARY KEY,
    person_id   TEXT        NOT NULL REFERENCES person (id),
    key         TEXT        NOT NULL,
    value       TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    observed_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT person_trait_key UNIQUE (person_id, key, source)
);

-- A VIN links to people as a relationship, never as a merge key.
CREATE TABLE vehicle_relationship (
    id         BIGSERIAL PRIMARY KEY,
    person_id  TEXT        NOT NULL REFERENCES person (id),
    vin        TEXT        NOT NULL,
    role       TEXT        NOT NULL,
    source     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT vehicle_relationship_key UNIQUE (person_id, vin, role)
);
CREATE INDEX vehicle_relationship_vin ON vehicle_relationship (vin);

-- Each observation once, by the client's request_id, so a resend returns the first answer.
CREATE TABLE observation (
    request_id  TEXT PRIMARY KEY,
    source      TEXT        NOT NULL,
    person_id   TEXT        NOT NULL REFERENCES person (id),
    outcome     TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);

-- Every merge, so it can be explained and (later) undone.
CREATE TABLE person_merge (
    id          BIGSERIAL PRIMARY KEY,
    survivor_id TEXT        NOT NULL REFERENCES person (id),
    merged_id   TEXT        NOT NULL REFERENCES person (id),
    request_id  TEXT        NOT NULL,
    merged_at   TIMESTAMPTZ NOT NULL
);
