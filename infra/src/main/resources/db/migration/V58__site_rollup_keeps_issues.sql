-- The per-(site, product) rollup (V56) also keeps the pair's unreversed issues over the same 28-day window (its
-- outflow adds the transfers out), and holds a row for every pair with outflow in the window as well as those with
-- stock or a policy. The national summary's rollup (V54) is then rebuilt from these rows in the same refresh, instead
-- of reading the balances and the window's day totals a second time (ADR 0016). The rows are rewritten whole at every
-- refresh, so the default only covers the moment between this migration and the next one.
ALTER TABLE stock_site_rollup ADD COLUMN issued bigint NOT NULL DEFAULT 0;
