-- The model registry: every trained forecasting model with its Tribuo model (protobuf), provenance, training window,
-- metrics and a version per (kind, name, horizon); and the scores the forecast job writes for every (site, product).

CREATE TABLE forecast_model (
    id               bigserial PRIMARY KEY,
    kind             text        NOT NULL CHECK (kind IN ('DEMAND', 'RISK')),
    name             text        NOT NULL,
    version          integer     NOT NULL CHECK (version > 0),
    horizon_days     integer,
    trained_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    training_from    date,
    training_to      date        NOT NULL,
    as_of            date        NOT NULL,
    training_rows    integer     NOT NULL,
    calibration_rows integer     NOT NULL,
    provenance       text        NOT NULL,
    summary          text        NOT NULL,
    parameters       text        NOT NULL,
    metrics          text        NOT NULL DEFAULT '{}',
    model            bytea       NOT NULL,
    job_execution_id bigint
);

CREATE UNIQUE INDEX forecast_model_version ON forecast_model (kind, name, coalesce(horizon_days, 0), version);
CREATE INDEX forecast_model_as_of ON forecast_model (kind, name, as_of DESC, version DESC);
CREATE UNIQUE INDEX forecast_model_job ON forecast_model (job_execution_id, kind, name, coalesce(horizon_days, 0))
    WHERE job_execution_id IS NOT NULL;

CREATE TABLE forecast_score (
    model_id               bigint           NOT NULL REFERENCES forecast_model (id),
    site_id                bigint           NOT NULL REFERENCES site (id),
    product_id             bigint           NOT NULL REFERENCES product (id),
    horizon_days           integer          NOT NULL,
    as_of                  date             NOT NULL,
    demand_expected        double precision NOT NULL,
    demand_p10             double precision NOT NULL,
    demand_p50             double precision NOT NULL,
    demand_p90             double precision NOT NULL,
    usable_on_hand         bigint           NOT NULL,
    stockout_probability   double precision NOT NULL,
    expected_stockout_date date,
    shortfall_p50          double precision NOT NULL,
    shortfall_p90          double precision NOT NULL,
    scored_at              timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, site_id, product_id, horizon_days)
);

CREATE INDEX forecast_score_ranked ON forecast_score (model_id, horizon_days, stockout_probability DESC, shortfall_p90 DESC);
