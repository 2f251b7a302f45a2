-- The national rollups' refresh paces itself (ADR 0017): the stamp keeps the period until the next rebuild is due, at
-- least the configured interval and longer when a rebuild takes more than its share of the time (at 100x a rebuild
-- under load took 2 to 7 s of every 15, CPU taken from the requests). Every replica reads the period from the stamp:
-- a rebuild is due when the stamp is that old, and the rollup is served while it is at most three periods old. The
-- default is the interval's default, for a stamp written before this migration; during a rolling upgrade the old
-- replicas' stamps keep the period a new one last wrote (they still rebuild every interval, so it is only longer).
ALTER TABLE stock_summary_refresh ADD COLUMN period_ms bigint NOT NULL DEFAULT 15000 CHECK (period_ms > 0);
