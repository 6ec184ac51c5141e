-- Guardrails, unmerge, erasure, consent, interests, leads, lifecycle and the event outbox.

-- ------------------------------------------------------------------ persons and identifiers
-- An erased person keeps its row as a tombstone (no personal data in it): the ID answers
-- NOT_FOUND (PERSON_ERASED) instead of being reused or silently unknown.
ALTER TABLE person ADD COLUMN erased_at TIMESTAMPTZ;
-- Cluster queries read "the root and everyone merged into it".
CREATE INDEX person_merged_into ON person (merged_into) WHERE merged_into IS NOT NULL;

-- The identifier digest (first 16 bytes of SHA-256 of TYPE|scope|value, hex) is how locks, Redis
-- keys, quarantine and conflict records name an identifier without holding its value.
ALTER TABLE person_identifier ADD COLUMN digest TEXT;
UPDATE person_identifier
   SET digest = substr(encode(sha256(convert_to(type || '|' || scope || '|' || value, 'UTF8')), 'hex'), 1, 32);
ALTER TABLE person_identifier ALTER COLUMN digest SET NOT NULL;
CREATE INDEX person_identifier_digest ON person_identifier (digest);

-- What the guardrails did with an observation, replayed with it (indexes, types, person IDs only).
ALTER TABLE observation ADD COLUMN guardrails TEXT;
CREATE INDEX observation_person ON observation (person_id);

-- Merges can be undone; the row stays, marked.
ALTER TABLE person_merge ADD COLUMN undone_at TIMESTAMPTZ;
ALTER TABLE person_merge ADD COLUMN undo_request_id TEXT;
CREATE INDEX person_merge_survivor ON person_merge (survivor_id);
CREATE INDEX person_merge_merged ON person_merge (merged_id);

-- Written by an unmerge: these two persons (and their clusters) are never merged automatically.
CREATE TABLE do_not_merge (
    person_a   TEXT        NOT NULL REFERENCES person (id),
    person_b   TEXT        NOT NULL REFERENCES person (id),
    request_id TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
);
CREATE INDEX do_not_merge_b ON do_not_merge (person_b);

-- A merge the guardrails refused: the observation resolved to kept_person_id, and the identifier
-- via_digest pointed at refused_person_id. Counting distinct kept persons per identifier is how a
-- shared identifier (a dealer's front-desk phone) is detected.
CREATE TABLE refused_merge (
    id                BIGSERIAL PRIMARY KEY,
    request_id        TEXT        NOT NULL,
    kept_person_id    TEXT        NOT NULL REFERENCES person (id),
    refused_person_id TEXT        NOT NULL REFERENCES person (id),
    reason            TEXT        NOT NULL CHECK (reason IN ('LIMIT_EXCEEDED', 'DO_NOT_MERGE')),
    limited_type      TEXT,
    via_digest        TEXT        NOT NULL,
    via_type          TEXT        NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX refused_merge_via ON refused_merge (via_digest);
CREATE INDEX refused_merge_kept ON refused_merge (kept_person_id);
CREATE INDEX refused_merge_refused ON refused_merge (refused_person_id);

-- Shared identifiers: never used to match or to look anyone up again. Keyed by digest, so the
-- quarantine survives the erasure of whoever the identifier was first attached to.
CREATE TABLE quarantined_identifier (
    digest           TEXT PRIMARY KEY,
    type             TEXT        NOT NULL,
    scope            TEXT        NOT NULL,
    distinct_persons INT         NOT NULL,
    quarantined_at   TIMESTAMPTZ NOT NULL
);

-- Takes transaction-scoped advisory locks on every key, in one global order (by hash), in one
-- round trip: writers on the same request_id or identifier are serialised, and never deadlock.
CREATE FUNCTION identity_lock_keys(keys TEXT[]) RETURNS INT LANGUAGE plpgsql AS $$
DECLARE
    h BIGINT;
    n INT := 0;
BEGIN
    FOR h IN SELECT DISTINCT hashtextextended(k, 0) FROM unnest(keys) AS k ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(h);
        n := n + 1;
    END LOOP;
    RETURN n;
END;
$$;

-- ------------------------------------------------------------------ profile
-- Interest tags as each source reported them.
CREATE TABLE person_interest (
    id          BIGSERIAL PRIMARY KEY,
    person_id   TEXT        NOT NULL REFERENCES person (id),
    tag         TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    observed_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT person_interest_key UNIQUE (person_id, tag, source)
);

-- ------------------------------------------------------------------ consent
-- Every consent decision, append-only: the current consent is the latest record per purpose and
-- channel ('' = every channel) of the person's cluster. Only an erasure may delete rows.
CREATE TABLE consent_record (
    id          BIGSERIAL PRIMARY KEY,
    person_id   TEXT        NOT NULL REFERENCES person (id),
    purpose     TEXT        NOT NULL CHECK (purpose IN ('MARKETING', 'TELEMETRY_COLLECTION', 'PERSONALISATION',
                                                         'THIRD_PARTY_SHARING')),
    channel     TEXT        NOT NULL DEFAULT '',
    state       TEXT        NOT NULL CHECK (state IN ('GRANTED', 'DENIED', 'REVOKED')),
    source      TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ,
    recorded_by TEXT        NOT NULL,
    request_id  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT consent_record_request UNIQUE (request_id),
    CONSTRAINT consent_record_expiry CHECK (expires_at IS NULL OR (state = 'GRANTED' AND expires_at > recorded_at))
);
CREATE INDEX consent_record_current ON consent_record (person_id, purpose, channel, recorded_at DESC, id DESC);

CREATE FUNCTION consent_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('chezhu.erasure', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'consent_record is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER consent_record_no_update_delete BEFORE UPDATE OR DELETE ON consent_record
    FOR EACH ROW EXECUTE FUNCTION consent_record_append_only();
CREATE TRIGGER consent_record_no_truncate BEFORE TRUNCATE ON consent_record
    FOR EACH STATEMENT EXECUTE FUNCTION consent_record_append_only();

-- ------------------------------------------------------------------ lifecycle
-- Facts the lifecycle is computed from (fed by dealers and other services).
CREATE TABLE person_activity (
    id          BIGSERIAL PRIMARY KEY,
    person_id   TEXT        NOT NULL REFERENCES person (id),
    kind        TEXT        NOT NULL CHECK (kind IN ('SERVICE_VISIT', 'VEHICLE_PURCHASE', 'PARTS_PURCHASE',
                                                      'CONTENT_SHARE', 'REFERRAL')),
    occurred_at TIMESTAMPTZ NOT NULL,
    source      TEXT        NOT NULL,
    dealer_id   TEXT,
    vin         TEXT,
    request_id  TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT person_activity_request UNIQUE (request_id)
);
CREATE INDEX person_activity_person ON person_activity (person_id, occurred_at DESC);

-- The last published lifecycle of each root person: a recomputation that differs raises
-- LifecycleChanged. activity_anchor_at (last visit, else ownership start) drives the churn sweep.
CREATE TABLE person_lifecycle (
    person_id          TEXT PRIMARY KEY REFERENCES person (id),
    stage              TEXT        NOT NULL CHECK (stage IN ('LEAD', 'OWNER', 'LOYAL', 'CHURNED')),
    advocate           BOOLEAN     NOT NULL,
    activity_anchor_at TIMESTAMPTZ,
    computed_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX person_lifecycle_churn ON person_lifecycle (activity_anchor_at) WHERE stage IN ('OWNER', 'LOYAL');

-- ------------------------------------------------------------------ leads
CREATE TABLE lead (
    id                    TEXT PRIMARY KEY,
    person_id             TEXT        NOT NULL REFERENCES person (id),
    dealer_id             TEXT        NOT NULL,
    assignment            TEXT        NOT NULL CHECK (assignment IN ('REQUESTED', 'PREVIOUS_DEALER', 'DEFAULT_DEALER')),
    source                TEXT        NOT NULL,
    vehicle_model         TEXT,
    request_id            TEXT        NOT NULL,
    created_by            TEXT        NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    contact_due_at        TIMESTAMPTZ NOT NULL,
    first_contact_at      TIMESTAMPTZ,
    first_contact_channel TEXT,
    overdue_at            TIMESTAMPTZ,
    CONSTRAINT lead_request UNIQUE (request_id)
);
CREATE INDEX lead_dealer ON lead (dealer_id, created_at DESC, id);
CREATE INDEX lead_recent ON lead (created_at DESC, id);
CREATE INDEX lead_person ON lead (person_id);
CREATE INDEX lead_due ON lead (contact_due_at) WHERE first_contact_at IS NULL AND overdue_at IS NULL;

-- Every contact with a lead; the first one is also kept on the lead.
CREATE TABLE lead_contact (
    id           BIGSERIAL PRIMARY KEY,
    lead_id      TEXT        NOT NULL REFERENCES lead (id),
    request_id   TEXT        NOT NULL,
    contacted_at TIMESTAMPTZ NOT NULL,
    channel      TEXT        NOT NULL,
    contacted_by TEXT        NOT NULL,
    CONSTRAINT lead_contact_request UNIQUE (request_id)
);
CREATE INDEX lead_contact_lead ON lead_contact (lead_id);

-- ------------------------------------------------------------------ administration
-- Idempotency of unmerge and erase (IDs only).
CREATE TABLE admin_operation (
    request_id      TEXT PRIMARY KEY,
    kind            TEXT        NOT NULL CHECK (kind IN ('UNMERGE', 'ERASE')),
    person_id       TEXT        NOT NULL,
    other_person_id TEXT,
    created_at      TIMESTAMPTZ NOT NULL
);

-- What remains of an erasure: who asked, when, which IDs and how many rows went. No personal data.
CREATE TABLE erasure_audit (
    id                BIGSERIAL PRIMARY KEY,
    person_id         TEXT        NOT NULL,
    erased_person_ids TEXT        NOT NULL,
    requested_by      TEXT        NOT NULL,
    request_id        TEXT        NOT NULL UNIQUE,
    erased_at         TIMESTAMPTZ NOT NULL,
    removed_counts    JSONB       NOT NULL
);

-- ------------------------------------------------------------------ events
-- Events written in the transaction of the change they report; a relay publishes them.
CREATE TABLE identity_event_outbox (
    id           BIGSERIAL PRIMARY KEY,
    topic        TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    payload      BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX identity_event_outbox_pending ON identity_event_outbox (id) WHERE published_at IS NULL;
