-- Health Canada's Drug Product Database as a catalogue: every DIN with its company, status, ATC codes and active
-- ingredients, loaded by the DPD catalogue job and used to link Canadian shortage reports to equivalence groups.

CREATE TABLE dpd_product (
    din                  text PRIMARY KEY CHECK (din ~ '^[0-9]{8}$'),
    drug_code            bigint NOT NULL,
    class_name           text,
    brand_name           text,
    descriptor           text,
    company_name         text,
    number_of_ais        integer,
    ai_group_no          text,
    status               text,
    status_date          date,
    original_market_date date,
    atc_codes            text[] NOT NULL DEFAULT '{}',
    atc_names            text[] NOT NULL DEFAULT '{}',
    dosage_forms         text,
    routes               text,
    last_update_date     date,
    moieties             text,
    run_id               bigint NOT NULL REFERENCES ingestion_run (id)
);
CREATE INDEX dpd_product_drug_code_idx ON dpd_product (drug_code);

CREATE TABLE dpd_ingredient (
    din             text   NOT NULL,
    ingredient_name text   NOT NULL,
    strength        text   NOT NULL DEFAULT '',
    strength_unit   text   NOT NULL DEFAULT '',
    dosage_value    text,
    dosage_unit     text,
    drug_code       bigint NOT NULL,
    run_id          bigint NOT NULL REFERENCES ingestion_run (id),
    PRIMARY KEY (din, ingredient_name, strength, strength_unit)
);
