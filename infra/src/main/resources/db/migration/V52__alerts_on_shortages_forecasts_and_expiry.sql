-- Alerts on the facts that change outside the ledger (docs/alerts-and-webhooks.md): shortage reports after each
-- ingest run, the shortage risk of an ingredient and a site's stockout probability after each forecast job, and lots
-- nearing expiry, from the change feed and as days pass.

-- The parameters some events need: a probability threshold (SHORTAGE_RISK_ABOVE, STOCKOUT_PROBABILITY_ABOVE), the
-- horizon a stockout is projected within (STOCKOUT_PROBABILITY_ABOVE), and how close to expiry a lot must be
-- (LOTS_EXPIRING). The API checks that an event's parameters are given; the bounds are kept here as well.
ALTER TABLE subscription
    ADD COLUMN threshold    double precision CHECK (threshold > 0 AND threshold <= 1),
    ADD COLUMN horizon_days integer CHECK (horizon_days BETWEEN 1 AND 365),
    ADD COLUMN within_days  integer CHECK (within_days BETWEEN 1 AND 730);

-- The shortage risk of every ingredient as the forecast job scored it with one of its risk models: the probability
-- that a new Drug Shortages Canada report for the ingredient is filed within the model's horizon after as_of.
CREATE TABLE shortage_risk_score (
    model_id     bigint           NOT NULL REFERENCES forecast_model (id),
    ingredient   text             NOT NULL,
    atc_code     text,
    as_of        date             NOT NULL,
    horizon_days integer          NOT NULL,
    probability  double precision NOT NULL CHECK (probability >= 0 AND probability <= 1),
    scored_at    timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, ingredient)
);

-- The ingest runs whose shortage reports the evaluator has judged, so that each finished run is judged once even
-- when runs finish out of order. Runs that finished before this table existed raise nothing: the evaluator only
-- looks at runs after the floor kept in alert_cursor ('ingestion-run').
CREATE TABLE alert_ingestion_run (
    run_id       bigint PRIMARY KEY,
    evaluated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The other cursors: the newest run already judged of the forecast job (by its demand model's id, from the current
-- one on), and when lots were last swept for expiry (epoch seconds; 0: never).
INSERT INTO alert_cursor (name, position)
SELECT 'ingestion-run', coalesce(max(id), 0) FROM ingestion_run
UNION ALL
SELECT 'forecast-model', coalesce(max(id), 0) FROM forecast_model WHERE kind = 'DEMAND'
UNION ALL
SELECT 'lot-expiry-sweep', 0;
