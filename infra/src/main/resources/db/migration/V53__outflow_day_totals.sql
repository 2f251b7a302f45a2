-- What left each lot at each site per UTC day, kept by the ledger's own transaction, so that the national reads (the
-- by-site map and the national summary) add up 28 days per series instead of every ledger line of the window.
--
-- A row holds the units of the unreversed ISSUE and TRANSFER_OUT lines of one (site, product, lot) dated on one UTC
-- day (the day of occurred_at at UTC, the days the 28-day window is made of). A line adds to its own day whenever it
-- is posted, so a backdated line changes the earlier day it is dated on; a REVERSAL of such a line takes its units off
-- the day of the line it undoes (not the reversal's own day). No other line type changes it. The movement table is
-- append-only (no update, delete or truncate), so inserts are the only writes to follow.
--
-- Why per lot and not per (site, product): every writer of an outflow line (post_movement, the history loads' INSERT)
-- already holds the lock of the line's balance row (site, product, lot) when the trigger below runs: the balance
-- triggers lock it before each row is checked and applied, and a reversal is a line of the same lot. So no two
-- transactions ever touch the same totals row at once: the totals add no lock wait and no new deadlock order to the
-- ledger (per (site, product), two documents posting two products of one site in opposite orders could deadlock, and
-- the lots of one product would queue behind each other). A day holds one or two lots per series, so the reads add a
-- few rows more.
--
-- No foreign keys: every row comes from a movement, whose own keys hold. No CHECK (>= 0) either: PostgreSQL checks
-- the row an INSERT ... ON CONFLICT proposes before it finds the conflict, and a reversal proposes a negative one.
CREATE TABLE outflow_day (
    site_id         bigint NOT NULL,
    product_id      bigint NOT NULL,
    day             date   NOT NULL,
    lot_id          bigint NOT NULL,
    issued          bigint NOT NULL,
    transferred_out bigint NOT NULL,
    PRIMARY KEY (site_id, product_id, day, lot_id)
);
-- The national summary reaches an entry's products, then the days of the window.
CREATE INDEX outflow_day_product_idx ON outflow_day (product_id, day) INCLUDE (site_id, issued);

-- One statement at a time (the history loads insert thousands of lines in one statement): the statement's outflow
-- lines and reversals are summed per row first, then added in key order.
CREATE FUNCTION movement_to_outflow_day() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO outflow_day AS t (site_id, product_id, day, lot_id, issued, transferred_out)
    SELECT d.site_id, d.product_id, d.day, d.lot_id, sum(d.issued), sum(d.transferred_out)
      FROM (SELECT n.site_id, n.product_id, (n.occurred_at AT TIME ZONE 'UTC')::date AS day, n.lot_id,
                   CASE WHEN n.type = 'ISSUE' THEN -n.quantity ELSE 0 END AS issued,
                   CASE WHEN n.type = 'TRANSFER_OUT' THEN -n.quantity ELSE 0 END AS transferred_out
              FROM new_movements n
             WHERE n.type IN ('ISSUE', 'TRANSFER_OUT')
            UNION ALL
            SELECT o.site_id, o.product_id, (o.occurred_at AT TIME ZONE 'UTC')::date, o.lot_id,
                   CASE WHEN o.type = 'ISSUE' THEN o.quantity ELSE 0 END,
                   CASE WHEN o.type = 'TRANSFER_OUT' THEN o.quantity ELSE 0 END
              FROM new_movements r
              JOIN movement o ON o.id = r.reverses_id
             WHERE r.type = 'REVERSAL' AND o.type IN ('ISSUE', 'TRANSFER_OUT')) d
     GROUP BY d.site_id, d.product_id, d.day, d.lot_id
     ORDER BY d.site_id, d.product_id, d.day, d.lot_id
    ON CONFLICT (site_id, product_id, day, lot_id) DO UPDATE
        SET issued = t.issued + EXCLUDED.issued,
            transferred_out = t.transferred_out + EXCLUDED.transferred_out;
    RETURN NULL;
END;
$$;

-- Created before the backfill: the trigger's lock on movement holds every writer off until this migration commits, so
-- no line is counted twice or missed.
CREATE TRIGGER movement_to_outflow_day
    AFTER INSERT ON movement
    REFERENCING NEW TABLE AS new_movements
    FOR EACH STATEMENT EXECUTE FUNCTION movement_to_outflow_day();

INSERT INTO outflow_day (site_id, product_id, day, lot_id, issued, transferred_out)
SELECT m.site_id, m.product_id, (m.occurred_at AT TIME ZONE 'UTC')::date, m.lot_id,
       coalesce(-sum(m.quantity) FILTER (WHERE m.type = 'ISSUE'), 0),
       coalesce(-sum(m.quantity) FILTER (WHERE m.type = 'TRANSFER_OUT'), 0)
  FROM movement m
 WHERE m.type IN ('ISSUE', 'TRANSFER_OUT')
   AND NOT EXISTS (SELECT 1 FROM movement r WHERE r.reverses_id = m.id)
 GROUP BY 1, 2, 3, 4
 ORDER BY 1, 2, 3, 4;

ANALYZE outflow_day;
