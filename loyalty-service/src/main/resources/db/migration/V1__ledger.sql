-- Loyalty points are money: the ledger is the truth, append-only, and the account row only carries a
-- snapshot of it that the database itself keeps equal to the sum of the entries.

-- One row per person who ever had a movement; a person without a row has an empty account.
-- balance/version are written ONLY by the ledger_entry trigger below, in the same transaction as the
-- entry, so balance = sum(ledger_entry.points) at every commit. The row is also the per-account lock:
-- every writer of an account's ledger updates it, so writers of one account are serialised.
CREATE TABLE loyalty_account (
    person_id  TEXT PRIMARY KEY CHECK (person_id ~ '^[A-Za-z0-9-]{1,64}$'),
    tier       TEXT        NOT NULL DEFAULT 'STANDARD',
    balance    BIGINT      NOT NULL DEFAULT 0,
    version    BIGINT      NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- Every movement of points, never updated or deleted. A positive entry is a lot (what expiry and
-- redemption will consume, oldest first); expires_at is fixed when the lot is written (NULL = never).
-- A reversal points at the entry it reverses, at most once. request_id makes a resend a replay.
CREATE TABLE ledger_entry (
    entry_id          UUID PRIMARY KEY,
    seq               BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    person_id         TEXT        NOT NULL REFERENCES loyalty_account (person_id),
    kind              TEXT        NOT NULL CHECK (kind IN ('EARN', 'REDEEM', 'EXPIRE', 'REVERSE', 'ADJUST')),
    points            BIGINT      NOT NULL,
    reason            TEXT        NOT NULL,
    source_reference  TEXT        NOT NULL,
    request_id        TEXT        NOT NULL,
    expires_at        TIMESTAMPTZ,
    reverses_entry_id UUID REFERENCES ledger_entry (entry_id),
    -- who caused the movement: OAuth client, token subject, dealer of a dealer user
    actor_client      TEXT        NOT NULL,
    actor_subject     TEXT        NOT NULL,
    actor_dealer_id   TEXT,
    created_at        TIMESTAMPTZ NOT NULL,
    CONSTRAINT ledger_entry_request_id UNIQUE (request_id),
    CONSTRAINT ledger_entry_reversed_once UNIQUE (reverses_entry_id),
    CONSTRAINT ledger_entry_sign CHECK (
        (kind = 'EARN' AND points > 0)
        OR (kind IN ('REDEEM', 'EXPIRE') AND points < 0)
        OR (kind IN ('REVERSE', 'ADJUST') AND points <> 0)),
    CONSTRAINT ledger_entry_reversal CHECK ((kind = 'REVERSE') = (reverses_entry_id IS NOT NULL))
);
-- GetAccount reads the newest entries of one person.
CREATE INDEX ledger_entry_person_recent ON ledger_entry (person_id, seq DESC);

-- The ledger is append-only, whoever writes to the database.
CREATE FUNCTION ledger_entry_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entry is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER ledger_entry_no_update_delete BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_forbid_change();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_forbid_change();

-- Each entry moves the account snapshot in the same transaction.
CREATE FUNCTION ledger_entry_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE loyalty_account
       SET balance = balance + NEW.points, version = version + 1, updated_at = GREATEST(updated_at, NEW.created_at)
     WHERE person_id = NEW.person_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER ledger_entry_apply AFTER INSERT ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_apply();

-- The snapshot starts empty and changes only through ledger_entry_apply (trigger depth 2);
-- a direct UPDATE of balance or version (depth 1) is refused. Accounts are never deleted.
CREATE FUNCTION loyalty_account_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'loyalty_account rows are never deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.balance <> 0 OR NEW.version <> 0 THEN
            RAISE EXCEPTION 'a loyalty account starts empty' USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF (NEW.balance <> OLD.balance OR NEW.version <> OLD.version) AND pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'loyalty_account.balance changes only through ledger entries'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER loyalty_account_guard BEFORE INSERT OR UPDATE OR DELETE ON loyalty_account
    FOR EACH ROW EXECUTE FUNCTION loyalty_account_guard();
