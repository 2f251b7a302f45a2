-- The national summary's totals as of the last refresh, for the callers not limited to sites (ADR "the national
-- summary reads a rollup"): one replica of the fleet rebuilds them every stockbridge.stock.summary-refresh, in one
-- transaction under an advisory lock, and a read of a page is a keyed read of these rows. Balances per site stay live.
--
-- A row is one entry of the summary (an equivalence group, entry_kind 0, or a product that belongs to no group,
-- entry_kind 1, as GET /stock/summary keys them) as the summary answers it with the kind filter product_kind ('*' for
-- no kind filter): the same columns the live query computes. atc_codes are the effective ATC codes (the group's, else
-- the product's; NULL included) of the products counted in it: an ATC filter keeps the entry whole when every code
-- matches and drops it when none does; when only some do, the rollup cannot answer that filter and the read is live.
CREATE TABLE stock_summary_rollup (
    product_kind      text     NOT NULL,
    entry_kind        smallint NOT NULL,
    entry_id          bigint   NOT NULL,
    atc_codes         text[]   NOT NULL,
    us_on_hand        bigint   NOT NULL,
    us_usable_on_hand bigint   NOT NULL,
    us_sites          bigint   NOT NULL,
    us_products       text[],
    ca_on_hand        bigint   NOT NULL,
    ca_usable_on_hand bigint   NOT NULL,
    ca_sites          bigint   NOT NULL,
    ca_products       text[],
    units             text[]   NOT NULL,
    us_issued         bigint   NOT NULL,
    ca_issued         bigint   NOT NULL,
    PRIMARY KEY (product_kind, entry_kind, entry_id)
);

-- When the rows above were built (the refreshing transaction's start: they count every post committed before it) and
-- for which UTC day (usable stock and the 28-day window of issues depend on it). One row, or none before the first
-- refresh.
CREATE TABLE stock_summary_refresh (
    singleton    boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    refreshed_at timestamptz NOT NULL,
    day          date        NOT NULL,
    entries      integer     NOT NULL
);
