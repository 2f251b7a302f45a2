-- The national view's per-(site, product) position as of the last refresh of the national rollup (V54, ADR "the by-site
-- map and the below-policy list read a per-site rollup"): rebuilt by the same refresh as stock_summary_rollup, in the
-- same transaction under the same advisory lock, so stock_summary_refresh stamps both. GET /stock/by-site and
-- GET /stock/below-policy read a page of these rows instead of aggregating balances and outflow_day at the read.
--
-- A row is a (site, product) with stock on hand (a balance above zero) or with a stock policy (whether or not it holds
-- any): on_hand and usable_on_hand sum its balances (usable: released and not past the effective expiry at the site on
-- the refresh's UTC day), outflow its unreversed issues and transfers out over the 28 UTC days ending that day, from
-- outflow_day. No foreign keys: the rows are replaced whole at every refresh.
CREATE TABLE stock_site_rollup (
    site_id        bigint NOT NULL,
    product_id     bigint NOT NULL,
    on_hand        bigint NOT NULL,
    usable_on_hand bigint NOT NULL,
    outflow        bigint NOT NULL,
    PRIMARY KEY (site_id, product_id)
);
