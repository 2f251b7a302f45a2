-- The movement history is read newest first by site (a depot's ledger) and by lot (tracing a recall) without sorting
-- every line of the site or lot: keyset pages on (occurred_at, id) within each.
CREATE INDEX movement_site_occurred_idx ON movement (site_id, occurred_at, id);
CREATE INDEX movement_lot_occurred_idx ON movement (lot_id, occurred_at, id);
