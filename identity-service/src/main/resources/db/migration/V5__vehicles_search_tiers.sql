-- What touchpoints report about a vehicle itself (brand, model, model year, licence plate): one row
-- per VIN, the latest non-empty value of each attribute wins. Relationships stay in
-- vehicle_relationship; reads join the two.
CREATE TABLE vehicle (
    vin           TEXT PRIMARY KEY,
    brand         TEXT,
    model         TEXT,
    model_year    INT,
    licence_plate TEXT,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX vehicle_licence_plate ON vehicle (licence_plate) WHERE licence_plate IS NOT NULL;

-- SearchPersons by name fragment. pg_trgm is a trusted extension: the database owner (the service's
-- role) may create it. Fragments of 3 characters or more use the trigram index (substring anywhere,
-- Chinese included: trigrams are made of any characters); shorter ones (a Chinese surname or given
-- name of 1-2 characters has no trigram) use the prefix index on each name part.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX person_trait_name_trgm ON person_trait USING gin (lower(value) gin_trgm_ops)
    WHERE key IN ('name', 'family_name', 'given_name');
CREATE INDEX person_trait_name_prefix ON person_trait (lower(value) text_pattern_ops)
    WHERE key IN ('name', 'family_name', 'given_name');

-- The loyalty tier loyalty-service last reported for a person (TierChanged), an input of the lifecycle.
CREATE TABLE person_loyalty_tier (
    person_id   TEXT PRIMARY KEY REFERENCES person (id),
    tier        TEXT        NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);

-- A coupon redeemed at a dealer (loyalty's CouponRedeemed) is an activity too: it relates the person
-- to the dealer, and counts for no stage.
ALTER TABLE person_activity DROP CONSTRAINT person_activity_kind_check;
ALTER TABLE person_activity ADD CONSTRAINT person_activity_kind_check CHECK (kind IN ('SERVICE_VISIT',
    'VEHICLE_PURCHASE', 'PARTS_PURCHASE', 'CONTENT_SHARE', 'REFERRAL', 'COUPON_REDEMPTION'));
