-- Campaigns, their coupons (O2O e-vouchers), redemptions at dealers, and triggered offers.

-- Lists (audience values, dealer IDs) are stored as comma-separated codes; the service validates
-- every value to [A-Za-z0-9_-], so a comma never occurs inside one.
CREATE TABLE campaign (
    campaign_id          TEXT PRIMARY KEY CHECK (campaign_id ~ '^[a-z0-9-]{3,63}$'),
    display_name         TEXT        NOT NULL,
    discount_kind        TEXT        NOT NULL CHECK (discount_kind IN ('AMOUNT', 'PERCENTAGE', 'FREE_SERVICE_ITEM')),
    discount_amount      BIGINT      NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    discount_percent     INT         NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 100),
    discount_max_amount  BIGINT      NOT NULL DEFAULT 0 CHECK (discount_max_amount >= 0),
    service_item         TEXT,
    item_value           BIGINT      NOT NULL DEFAULT 0 CHECK (item_value >= 0),
    -- the most one coupon can give, in fen: what it reserves of the value budget
    face_value           BIGINT      NOT NULL CHECK (face_value > 0),
    start_at             TIMESTAMPTZ NOT NULL,
    end_at               TIMESTAMPTZ NOT NULL,
    coupon_validity_days INT         NOT NULL CHECK (coupon_validity_days > 0),
    audience_lifecycles  TEXT        NOT NULL DEFAULT '',
    audience_tags        TEXT        NOT NULL DEFAULT '',
    audience_models      TEXT        NOT NULL DEFAULT '',
    audience_tiers       TEXT        NOT NULL DEFAULT '',
    budget_count         BIGINT      NOT NULL CHECK (budget_count > 0),
    budget_value         BIGINT      NOT NULL CHECK (budget_value > 0),
    budget_enforcement   TEXT        NOT NULL CHECK (budget_enforcement IN ('ISSUE', 'REDEMPTION')),
    per_person_limit     INT         NOT NULL CHECK (per_person_limit > 0),
    dealer_ids           TEXT        NOT NULL DEFAULT '',
    code_pattern         TEXT        NOT NULL,
    state                TEXT        NOT NULL CHECK (state IN ('ACTIVE', 'PAUSED')),
    -- ISSUE: what live coupons (issued or redeemed) reserve; an expired or voided coupon gives it back
    reserved_count       BIGINT      NOT NULL DEFAULT 0 CHECK (reserved_count >= 0),
    reserved_value       BIGINT      NOT NULL DEFAULT 0 CHECK (reserved_value >= 0),
    -- REDEMPTION: what redemptions consumed (a rollback gives it back)
    redeemed_count       BIGINT      NOT NULL DEFAULT 0 CHECK (redeemed_count >= 0),
    redeemed_value       BIGINT      NOT NULL DEFAULT 0 CHECK (redeemed_value >= 0),
    created_client       TEXT        NOT NULL,
    created_subject      TEXT        NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    CONSTRAINT campaign_window CHECK (end_at > start_at),
    -- the budget is never overspent, whoever writes to the database
    CONSTRAINT campaign_within_budget CHECK (reserved_count <= budget_count AND reserved_value <= budget_value
        AND redeemed_count <= budget_count AND redeemed_value <= budget_value)
);
CREATE INDEX campaign_newest ON campaign (created_at DESC, campaign_id DESC);

-- One e-voucher. person_id is the holder (changes with merges), origin_person_id who it was published
-- to (an unmerge gives it back to them). The code is random (>= 60 bits) and unique.
-- fillfactor leaves room on each page so that a redemption's update stays a HOT update.
CREATE TABLE coupon (
    code               TEXT PRIMARY KEY,
    campaign_id        TEXT        NOT NULL REFERENCES campaign (campaign_id),
    person_id          TEXT        NOT NULL REFERENCES loyalty_account (person_id),
    origin_person_id   TEXT        NOT NULL,
    to_lead            BOOLEAN     NOT NULL,
    state              TEXT        NOT NULL CHECK (state IN ('ISSUED', 'REDEEMED', 'EXPIRED', 'VOIDED')),
    face_value         BIGINT      NOT NULL CHECK (face_value > 0),
    issued_at          TIMESTAMPTZ NOT NULL,
    expires_at         TIMESTAMPTZ NOT NULL,
    offer_rule_id      TEXT,
    redeemed_at        TIMESTAMPTZ,
    redeemed_dealer_id TEXT,
    closed_at          TIMESTAMPTZ,
    CONSTRAINT coupon_redeemed CHECK ((state = 'REDEEMED') = (redeemed_at IS NOT NULL AND redeemed_dealer_id IS NOT NULL))
) WITH (fillfactor = 85);
CREATE INDEX coupon_holder ON coupon (person_id, issued_at DESC, code);
CREATE INDEX coupon_campaign_holder ON coupon (campaign_id, person_id);
CREATE INDEX coupon_origin ON coupon (origin_person_id);
CREATE INDEX coupon_expiry ON coupon (expires_at);

-- Redemptions at dealers. At most one redemption of a coupon is in force (unique index below): the
-- database itself refuses a double redemption. A rollback closes the row; the coupon can be redeemed
-- again with a new row.
CREATE TABLE coupon_redemption (
    redemption_id       UUID PRIMARY KEY,
    code                TEXT        NOT NULL REFERENCES coupon (code),
    campaign_id         TEXT        NOT NULL,
    person_id           TEXT        NOT NULL,
    dealer_id           TEXT        NOT NULL,
    request_id          TEXT        NOT NULL,
    bill_amount         BIGINT      NOT NULL CHECK (bill_amount >= 0),
    discount_amount     BIGINT      NOT NULL CHECK (discount_amount >= 0),
    actor_client        TEXT        NOT NULL,
    actor_subject       TEXT        NOT NULL,
    redeemed_at         TIMESTAMPTZ NOT NULL,
    rolled_back_at      TIMESTAMPTZ,
    rollback_reason     TEXT,
    rollback_request_id TEXT UNIQUE,
    CONSTRAINT coupon_redemption_request_id UNIQUE (request_id)
);
CREATE UNIQUE INDEX coupon_redemption_in_force ON coupon_redemption (code) WHERE rolled_back_at IS NULL;
CREATE INDEX coupon_redemption_campaign ON coupon_redemption (campaign_id);

-- Redeems one coupon in ONE statement (one round trip, one commit): the conditional update of the
-- coupon is the exactly-once guard; a REDEMPTION-budget campaign also consumes its budget with a
-- conditional update (0 rows = exhausted: the whole statement fails, nothing is written); the
-- redemption row and its events (rows of the platform-events outbox) are written in the same
-- transaction.
-- Answers REDEEMED, REPLAYED (this request_id redeemed it already) or NOT_REDEEMABLE (someone else
-- won, or it expired meanwhile: the caller reads the coupon again to say which).
CREATE FUNCTION redeem_coupon(p_code TEXT, p_redemption_id UUID, p_request_id TEXT, p_dealer_id TEXT,
                              p_bill_amount BIGINT, p_discount_amount BIGINT, p_now TIMESTAMPTZ,
                              p_actor_client TEXT, p_actor_subject TEXT, p_consume_budget BOOLEAN,
                              p_event_ids UUID[], p_event_types TEXT[], p_event_subjects TEXT[],
                              p_event_payloads BYTEA[], p_traceparent TEXT)
    RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
    v_campaign TEXT;
    v_person   TEXT;
    v_request  TEXT;
BEGIN
    UPDATE coupon SET state = 'REDEEMED', redeemed_at = p_now, redeemed_dealer_id = p_dealer_id
     WHERE code = p_code AND state = 'ISSUED' AND expires_at > p_now
    RETURNING campaign_id, person_id INTO v_campaign, v_person;
    IF NOT FOUND THEN
        -- a new snapshot: sees the redemption that won the race, if it has committed
        SELECT request_id INTO v_request FROM coupon_redemption WHERE code = p_code AND rolled_back_at IS NULL;
        IF v_request = p_request_id THEN
            RETURN 'REPLAYED';
        END IF;
        RETURN 'NOT_REDEEMABLE';
    END IF;
    IF p_consume_budget THEN
        UPDATE campaign SET redeemed_count = redeemed_count + 1, redeemed_value = redeemed_value + p_discount_amount
         WHERE campaign_id = v_campaign AND state = 'ACTIVE'
           AND redeemed_count < budget_count AND redeemed_value + p_discount_amount <= budget_value;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'BUDGET_EXHAUSTED' USING ERRCODE = 'LY001';
        END IF;
    END IF;
    INSERT INTO coupon_redemption (redemption_id, code, campaign_id, person_id, dealer_id, request_id, bill_amount,
                                   discount_amount, actor_client, actor_subject, redeemed_at)
    VALUES (p_redemption_id, p_code, v_campaign, v_person, p_dealer_id, p_request_id, p_bill_amount,
            p_discount_amount, p_actor_client, p_actor_subject, p_now);
    -- the platform-events outbox row, exactly as Outbox.publish writes it (topic loyalty)
    INSERT INTO outbox_event (event_id, topic, type, source, subject, occurred_at, traceparent, payload)
    SELECT e.id, 'loyalty', e.type, 'loyalty-service', e.subject, p_now, p_traceparent, e.payload
      FROM unnest(p_event_ids, p_event_types, p_event_subjects, p_event_payloads) AS e (id, type, subject, payload);
    RETURN 'REDEEMED';
END;
$$;

-- Rules that turn an event into a personal offer: tried by priority, the first whose audience fits
-- the person publishes a coupon of its campaign.
CREATE TABLE offer_rule (
    offer_rule_id       TEXT PRIMARY KEY CHECK (offer_rule_id ~ '^[a-z0-9-]{3,63}$'),
    trigger             TEXT        NOT NULL CHECK (trigger IN ('SERVICE_DUE', 'LONG_WAIT', 'RECALL', 'DELAY')),
    campaign_id         TEXT        NOT NULL REFERENCES campaign (campaign_id),
    audience_lifecycles TEXT        NOT NULL DEFAULT '',
    audience_tags       TEXT        NOT NULL DEFAULT '',
    audience_models     TEXT        NOT NULL DEFAULT '',
    audience_tiers      TEXT        NOT NULL DEFAULT '',
    priority            INT         NOT NULL,
    max_offers          INT         NOT NULL CHECK (max_offers > 0),
    cap_window_days     INT         NOT NULL CHECK (cap_window_days > 0),
    created_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX offer_rule_trigger ON offer_rule (trigger, priority, offer_rule_id);

-- What each event led to for a person (offered, or why not); the frequency cap counts OFFERED rows.
CREATE TABLE offer_decision (
    decision_id      UUID PRIMARY KEY,
    person_id        TEXT        NOT NULL,
    trigger          TEXT        NOT NULL,
    source_reference TEXT        NOT NULL,
    outcome          TEXT        NOT NULL CHECK (outcome IN ('OFFERED', 'NO_CONSENT', 'FREQUENCY_CAPPED', 'NO_MATCHING_RULE')),
    offer_rule_id    TEXT,
    coupon_code      TEXT REFERENCES coupon (code),
    explanation      TEXT        NOT NULL,
    decided_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX offer_decision_cap ON offer_decision (person_id, trigger, decided_at) WHERE outcome = 'OFFERED';
