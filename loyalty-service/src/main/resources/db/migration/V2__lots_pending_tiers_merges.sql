-- Points beyond plain credits: lots that expire first in first out, pending points, reversals, tiers,
-- merges of accounts and request idempotency across tables. (Events go to the platform-events outbox,
-- table outbox_event, migrated from db/platform.)

-- Who holds an account now: a merged account points at its survivor (reads and writes go there);
-- tier and its review date; closed_at when the person's data was erased.
ALTER TABLE loyalty_account
    ADD COLUMN tier_since     TIMESTAMPTZ,
    ADD COLUMN tier_review_at TIMESTAMPTZ,
    ADD COLUMN merged_into    TEXT REFERENCES loyalty_account (person_id),
    ADD COLUMN closed_at      TIMESTAMPTZ,
    ADD CONSTRAINT loyalty_account_not_merged_into_itself CHECK (merged_into IS NULL OR merged_into <> person_id);
CREATE INDEX loyalty_account_merged_into ON loyalty_account (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX loyalty_account_tier_review ON loyalty_account (tier_review_at) WHERE tier_review_at IS NOT NULL;

-- The spend behind an earn (tier rules may count spend instead of points). Adding a column with a
-- constant default rewrites nothing, so the append-only rows stay untouched.
ALTER TABLE ledger_entry ADD COLUMN spend_amount BIGINT NOT NULL DEFAULT 0 CHECK (spend_amount >= 0);
-- Reversal by source reference looks entries up by it.
CREATE INDEX ledger_entry_source_reference ON ledger_entry (source_reference);

-- A lot is the spendable remainder of one positive entry (an earn, a positive adjustment). Debits
-- (redeem, expire, negative reversals and adjustments) consume lots first in first out: the lot that
-- expires first, then the oldest; lots that never expire last. Under the account row lock the
-- service keeps sum(remaining) of a holder's lots = max(balance, 0). Lots move with merges (holder
-- changes, origin never does) and an unmerge moves the origin's remaining lots back.
CREATE TABLE points_lot (
    lot_id           UUID PRIMARY KEY REFERENCES ledger_entry (entry_id),
    person_id        TEXT        NOT NULL REFERENCES loyalty_account (person_id),
    origin_person_id TEXT        NOT NULL,
    points           BIGINT      NOT NULL CHECK (points > 0),
    remaining        BIGINT      NOT NULL CHECK (remaining >= 0 AND remaining <= points),
    expires_at       TIMESTAMPTZ,
    warned_at        TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX points_lot_fifo ON points_lot (person_id, expires_at NULLS LAST, created_at) WHERE remaining > 0;
CREATE INDEX points_lot_due ON points_lot (expires_at) WHERE remaining > 0;
CREATE INDEX points_lot_origin ON points_lot (origin_person_id) WHERE remaining > 0;

-- Which lots an entry consumed, and how much of each. Append-only.
CREATE TABLE lot_allocation (
    entry_id UUID   NOT NULL REFERENCES ledger_entry (entry_id),
    lot_id   UUID   NOT NULL REFERENCES points_lot (lot_id),
    points   BIGINT NOT NULL CHECK (points > 0),
    PRIMARY KEY (entry_id, lot_id)
);

CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER lot_allocation_append_only BEFORE UPDATE OR DELETE ON lot_allocation
    FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER lot_allocation_no_truncate BEFORE TRUNCATE ON lot_allocation
    FOR EACH STATEMENT EXECUTE FUNCTION append_only();

-- Lots for what V1 credited: every EARN so far (they never expire: V1 wrote no expiry), reduced first
-- in first out where later negative entries (written by hand) took points away.
INSERT INTO points_lot (lot_id, person_id, origin_person_id, points, remaining, expires_at, created_at)
SELECT entry_id, person_id, person_id, points, points, expires_at, created_at FROM ledger_entry WHERE points > 0;
DO $$
DECLARE
    acc RECORD;
    lot RECORD;
    excess BIGINT;
    take BIGINT;
BEGIN
    FOR acc IN SELECT a.person_id, GREATEST(a.balance, 0) AS target,
                      (SELECT COALESCE(sum(l.remaining), 0) FROM points_lot l WHERE l.person_id = a.person_id) AS held
                 FROM loyalty_account a LOOP
        excess := acc.held - acc.target;
        FOR lot IN SELECT lot_id, remaining FROM points_lot
                    WHERE person_id = acc.person_id AND remaining > 0
                    ORDER BY expires_at NULLS LAST, created_at, lot_id LOOP
            EXIT WHEN excess <= 0;
            take := LEAST(excess, lot.remaining);
            UPDATE points_lot SET remaining = remaining - take WHERE lot_id = lot.lot_id;
            excess := excess - take;
        END LOOP;
    END LOOP;
END;
$$;

-- Points earned but held until unlock_at (e.g. the return period of a purchase). Not in the ledger
-- (so not in the balance) until released: then one EARN entry is written and entry_id points at it.
-- A reversal before that cancels the hold and writes nothing to the ledger.
CREATE TABLE pending_points (
    pending_id       UUID PRIMARY KEY,
    person_id        TEXT        NOT NULL REFERENCES loyalty_account (person_id),
    origin_person_id TEXT        NOT NULL,
    points           BIGINT      NOT NULL CHECK (points > 0),
    spend_amount     BIGINT      NOT NULL DEFAULT 0 CHECK (spend_amount >= 0),
    reason           TEXT        NOT NULL,
    source_reference TEXT        NOT NULL,
    unlock_at        TIMESTAMPTZ NOT NULL,
    state            TEXT        NOT NULL CHECK (state IN ('PENDING', 'RELEASED', 'CANCELLED')),
    entry_id         UUID UNIQUE REFERENCES ledger_entry (entry_id),
    actor_client     TEXT        NOT NULL,
    actor_subject    TEXT        NOT NULL,
    actor_dealer_id  TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    settled_at       TIMESTAMPTZ,
    CONSTRAINT pending_points_released CHECK ((state = 'RELEASED') = (entry_id IS NOT NULL))
);
CREATE INDEX pending_points_due ON pending_points (unlock_at) WHERE state = 'PENDING';
CREATE INDEX pending_points_person ON pending_points (person_id) WHERE state = 'PENDING';
CREATE INDEX pending_points_source_reference ON pending_points (source_reference);
CREATE INDEX pending_points_origin ON pending_points (origin_person_id) WHERE state = 'PENDING';

-- Each earn is taken back at most once (primary key), even when nothing could be recovered and so no
-- REVERSE entry was written (CAP_AT_BALANCE with an empty balance).
CREATE TABLE points_reversal (
    reversed_entry_id  UUID PRIMARY KEY REFERENCES ledger_entry (entry_id),
    reverse_entry_id   UUID UNIQUE REFERENCES ledger_entry (entry_id),
    person_id          TEXT        NOT NULL,
    points_recovered   BIGINT      NOT NULL CHECK (points_recovered >= 0),
    points_unrecovered BIGINT      NOT NULL CHECK (points_unrecovered >= 0),
    policy             TEXT        NOT NULL CHECK (policy IN ('NEGATIVE_BALANCE', 'CAP_AT_BALANCE')),
    reason             TEXT        NOT NULL,
    request_id         TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL
);
CREATE TRIGGER points_reversal_append_only BEFORE UPDATE OR DELETE ON points_reversal
    FOR EACH ROW EXECUTE FUNCTION append_only();

-- Idempotency of every request that is not a plain credit: the first transaction to insert a
-- request_id does the work; a concurrent duplicate waits for it, then reads what it did. A request
-- that fails rolls back its row, so a retry can succeed. fingerprint = SHA-256 of the operation and
-- its payload; result_ref names what the request produced (an entry, a coupon, a decision...).
CREATE TABLE loyalty_request (
    request_id    TEXT PRIMARY KEY,
    operation     TEXT        NOT NULL,
    fingerprint   TEXT        NOT NULL,
    actor_client  TEXT        NOT NULL,
    actor_subject TEXT        NOT NULL,
    result_ref    TEXT,
    created_at    TIMESTAMPTZ NOT NULL
);

-- One row per identity merge: the merge ID makes a repeated event a no-op, and the row records what
-- moved, so that an unmerge can give it back.
CREATE TABLE account_merge (
    merge_id            TEXT PRIMARY KEY,
    source_person_id    TEXT        NOT NULL,
    target_person_id    TEXT        NOT NULL,
    state               TEXT        NOT NULL CHECK (state IN ('MERGED', 'UNMERGED')),
    points_moved        BIGINT      NOT NULL DEFAULT 0,
    pending_moved_count INT         NOT NULL DEFAULT 0,
    coupons_moved_count INT         NOT NULL DEFAULT 0,
    points_returned     BIGINT      NOT NULL DEFAULT 0,
    -- the source and the accounts that had been merged into it: what the unmerge gives back
    moved_persons       TEXT        NOT NULL DEFAULT '',
    merged_at           TIMESTAMPTZ,
    unmerged_at         TIMESTAMPTZ,
    CONSTRAINT account_merge_distinct CHECK (source_person_id <> target_person_id)
);
CREATE INDEX account_merge_source ON account_merge (source_person_id);

-- Every tier change, for audit (the current tier is on the account).
CREATE TABLE tier_change (
    change_id     UUID PRIMARY KEY,
    person_id     TEXT        NOT NULL REFERENCES loyalty_account (person_id),
    previous_tier TEXT        NOT NULL,
    tier          TEXT        NOT NULL,
    upgrade       BOOLEAN     NOT NULL,
    changed_at    TIMESTAMPTZ NOT NULL,
    review_at     TIMESTAMPTZ
);
CREATE INDEX tier_change_person ON tier_change (person_id, changed_at DESC);
