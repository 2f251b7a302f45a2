-- Stockbridge core schema: reference data, catalogue, lots, the movement ledger, balances and stock policies.
-- Every rule that the data itself must obey lives here as a constraint.

CREATE TABLE data_source (
    code        text PRIMARY KEY,
    title       text    NOT NULL,
    publisher   text    NOT NULL,
    origin      text    NOT NULL,
    licence     text    NOT NULL,
    synthetic   boolean NOT NULL DEFAULT false
);

CREATE TABLE jurisdiction (
    code text PRIMARY KEY CHECK (code IN ('US', 'CA')),
    name text NOT NULL
);
INSERT INTO jurisdiction (code, name) VALUES ('US', 'United States'), ('CA', 'Canada');

CREATE TABLE agency (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code         text NOT NULL UNIQUE,
    name         text NOT NULL,
    jurisdiction text NOT NULL REFERENCES jurisdiction (code),
    kind         text NOT NULL CHECK (kind IN ('FEDERAL', 'STATE', 'PROVINCE', 'TERRITORY', 'PARTNER')),
    source       text NOT NULL REFERENCES data_source (code)
);

CREATE TABLE site (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code           text NOT NULL UNIQUE,
    name           text NOT NULL,
    jurisdiction   text NOT NULL REFERENCES jurisdiction (code),
    agency_id      bigint NOT NULL REFERENCES agency (id),
    kind           text NOT NULL CHECK (kind IN ('NATIONAL', 'REGIONAL', 'PROVINCIAL', 'STATE', 'HOSPITAL', 'DISPENSING')),
    region         text NOT NULL,
    state_province text,
    city           text,
    postal_code    text,
    latitude       numeric(9, 6) CHECK (latitude BETWEEN -90 AND 90),
    longitude      numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
    federal        boolean NOT NULL DEFAULT false,
    external_ref   text,
    source         text NOT NULL REFERENCES data_source (code),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX site_jurisdiction_idx ON site (jurisdiction, id);
CREATE INDEX site_region_idx ON site (region);
CREATE INDEX site_agency_idx ON site (agency_id);

CREATE TABLE equivalence_group (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code               text NOT NULL UNIQUE,
    name               text NOT NULL,
    atc_code           text,
    ingredients        text NOT NULL,
    strength           text,
    dosage_form        text,
    route              text,
    essential          boolean NOT NULL DEFAULT false,
    essential_category text,
    source             text NOT NULL REFERENCES data_source (code)
);
CREATE INDEX equivalence_group_atc_idx ON equivalence_group (atc_code);

CREATE TABLE product (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                 text NOT NULL UNIQUE,
    kind                 text NOT NULL CHECK (kind IN ('DRUG', 'PPE', 'DEVICE')),
    name                 text NOT NULL,
    generic_name         text,
    strength             text,
    dosage_form          text,
    route                text,
    unit_of_issue        text NOT NULL,
    pack_size            integer NOT NULL DEFAULT 1 CHECK (pack_size > 0),
    manufacturer         text,
    atc_code             text,
    market_jurisdiction  text REFERENCES jurisdiction (code),
    equivalence_group_id bigint REFERENCES equivalence_group (id),
    source               text NOT NULL REFERENCES data_source (code),
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_kind_idx ON product (kind, id);
CREATE INDEX product_atc_idx ON product (atc_code text_pattern_ops);
CREATE INDEX product_group_idx ON product (equivalence_group_id);
CREATE INDEX product_name_idx ON product (lower(name) text_pattern_ops);

CREATE TABLE product_identifier (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id bigint NOT NULL REFERENCES product (id),
    system     text   NOT NULL CHECK (system IN ('NDC', 'DIN', 'GTIN', 'RXCUI', 'ATC')),
    value      text   NOT NULL CHECK (value <> ''),
    lookup_key text   GENERATED ALWAYS AS (upper(regexp_replace(value, '[^0-9A-Za-z]', '', 'g'))) STORED,
    source     text   NOT NULL REFERENCES data_source (code),
    UNIQUE (product_id, system, value)
);
-- An NDC, DIN or GTIN names exactly one product; RxCUI and ATC codes are shared by many.
CREATE UNIQUE INDEX product_identifier_unique_per_system ON product_identifier (system, value)
    WHERE system IN ('NDC', 'DIN', 'GTIN');
CREATE INDEX product_identifier_lookup_idx ON product_identifier (system, lookup_key);
CREATE INDEX product_identifier_product_idx ON product_identifier (product_id);

CREATE TABLE authorisation (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id   bigint NOT NULL REFERENCES product (id),
    jurisdiction text   NOT NULL REFERENCES jurisdiction (code),
    basis        text   NOT NULL CHECK (basis IN ('MARKETED', 'EXCEPTIONAL_IMPORTATION', 'TEMPORARY_IMPORTATION', 'EUA')),
    reference    text,
    status       text,
    valid_from   date,
    valid_to     date,
    source       text   NOT NULL REFERENCES data_source (code),
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
CREATE INDEX authorisation_product_idx ON authorisation (product_id, jurisdiction);

CREATE TABLE lot (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id       bigint NOT NULL REFERENCES product (id),
    lot_number       text   NOT NULL CHECK (lot_number <> ''),
    labelled_expiry  date   NOT NULL,
    extended_expiry  date CHECK (extended_expiry IS NULL OR extended_expiry > labelled_expiry),
    status           text   NOT NULL DEFAULT 'RELEASED' CHECK (status IN ('RELEASED', 'QUARANTINED', 'RECALLED', 'EXPIRED')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (product_id, lot_number),
    UNIQUE (id, product_id)
);
CREATE INDEX lot_expiry_idx ON lot (labelled_expiry);

-- The ledger: one line per movement, signed quantity in whole units of issue. Append-only.
CREATE TABLE movement (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id         bigint NOT NULL REFERENCES site (id),
    product_id      bigint NOT NULL REFERENCES product (id),
    lot_id          bigint NOT NULL,
    type            text   NOT NULL CHECK (type IN ('RECEIPT', 'ISSUE', 'ADJUSTMENT', 'TRANSFER_OUT', 'TRANSFER_IN',
                                                      'COUNT_CORRECTION', 'WRITE_OFF', 'REVERSAL')),
    quantity        bigint NOT NULL CHECK (quantity <> 0),
    reason_code     text,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor           text   NOT NULL,
    document_ref    text,
    prior_on_hand   bigint CHECK (prior_on_hand IS NULL OR prior_on_hand >= 0),
    reverses_id     bigint UNIQUE REFERENCES movement (id),
    synthetic       boolean NOT NULL DEFAULT false,
    FOREIGN KEY (lot_id, product_id) REFERENCES lot (id, product_id),
    CHECK ((type = 'REVERSAL') = (reverses_id IS NOT NULL)),
    CHECK (type NOT IN ('RECEIPT', 'TRANSFER_IN') OR quantity > 0),
    CHECK (type NOT IN ('ISSUE', 'TRANSFER_OUT', 'WRITE_OFF') OR quantity < 0),
    CHECK (type <> 'COUNT_CORRECTION' OR prior_on_hand IS NOT NULL)
);
CREATE INDEX movement_site_product_idx ON movement (site_id, product_id, occurred_at);
CREATE INDEX movement_product_idx ON movement (product_id, occurred_at);

-- On hand per (site, product, lot). Only the movement trigger below writes it.
CREATE TABLE balance (
    site_id          bigint NOT NULL REFERENCES site (id),
    product_id       bigint NOT NULL REFERENCES product (id),
    lot_id           bigint NOT NULL,
    on_hand          bigint NOT NULL CHECK (on_hand >= 0),
    version          bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    last_movement_id bigint NOT NULL REFERENCES movement (id),
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (site_id, product_id, lot_id),
    FOREIGN KEY (lot_id, product_id) REFERENCES lot (id, product_id)
);
CREATE INDEX balance_product_idx ON balance (product_id, site_id);

CREATE TABLE stock_policy (
    site_id       bigint NOT NULL REFERENCES site (id),
    product_id    bigint NOT NULL REFERENCES product (id),
    safety_stock  bigint NOT NULL CHECK (safety_stock >= 0),
    reorder_point bigint NOT NULL,
    max_stock     bigint,
    reserve_floor bigint NOT NULL DEFAULT 0 CHECK (reserve_floor >= 0),
    version       bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    text NOT NULL,
    PRIMARY KEY (site_id, product_id),
    CHECK (reorder_point >= safety_stock),
    CHECK (max_stock IS NULL OR max_stock >= reorder_point)
);

-- Which reference and demo data sets have been loaded, so a restart never loads them twice.
CREATE TABLE dataset_load (
    name      text PRIMARY KEY,
    loaded_at timestamptz NOT NULL DEFAULT now(),
    rows      bigint NOT NULL,
    details   text
);

-- A movement changes its balance in the same transaction, with one atomic conditional update:
-- an inbound line adds (creating the balance row if needed); an outbound line subtracts only if the result
-- stays non-negative, otherwise the whole statement fails with SQLSTATE SB001 and a machine-readable detail.
CREATE FUNCTION movement_apply_to_balance() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    available bigint;
BEGIN
    IF NEW.quantity > 0 THEN
        INSERT INTO balance AS b (site_id, product_id, lot_id, on_hand, version, last_movement_id, updated_at)
        VALUES (NEW.site_id, NEW.product_id, NEW.lot_id, NEW.quantity, 1, NEW.id, NEW.recorded_at)
        ON CONFLICT (site_id, product_id, lot_id) DO UPDATE
            SET on_hand = b.on_hand + EXCLUDED.on_hand,
                version = b.version + 1,
                last_movement_id = EXCLUDED.last_movement_id,
                updated_at = EXCLUDED.updated_at;
    ELSE
        UPDATE balance
           SET on_hand = on_hand + NEW.quantity,
               version = version + 1,
               last_movement_id = NEW.id,
               updated_at = NEW.recorded_at
         WHERE site_id = NEW.site_id AND product_id = NEW.product_id AND lot_id = NEW.lot_id
           AND on_hand + NEW.quantity >= 0;
        IF NOT FOUND THEN
            SELECT on_hand INTO available FROM balance
             WHERE site_id = NEW.site_id AND product_id = NEW.product_id AND lot_id = NEW.lot_id;
            RAISE EXCEPTION 'insufficient stock'
                USING ERRCODE = 'SB001',
                      DETAIL = format('site=%s product=%s lot=%s available=%s requested=%s',
                                      NEW.site_id, NEW.product_id, NEW.lot_id, coalesce(available, 0), -NEW.quantity);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER movement_apply_to_balance
    AFTER INSERT ON movement
    FOR EACH ROW EXECUTE FUNCTION movement_apply_to_balance();

CREATE FUNCTION movement_is_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'the movement ledger is append-only: % is not allowed', TG_OP USING ERRCODE = 'SB002';
END;
$$;

CREATE TRIGGER movement_is_append_only
    BEFORE UPDATE OR DELETE ON movement
    FOR EACH ROW EXECUTE FUNCTION movement_is_append_only();
CREATE TRIGGER movement_is_never_truncated
    BEFORE TRUNCATE ON movement
    FOR EACH STATEMENT EXECUTE FUNCTION movement_is_append_only();
