-- The balances of several lots at once: the balance read (balance.sql) of the lookups that arrived together
-- (LedgerRepository, CoalescedLookups). $1, $2, $3 the site codes, product codes and lot numbers, one element per
-- lookup; with the switch visible, $4 the ids of the sites the caller may see. Each row names its lookup by position.
-- Each key runs the single read's lookup (OFFSET 0 keeps the subquery apart, run per key through the unique indexes):
-- joined flat, the planner, which cannot know the arrays' length, hashed the whole lot table.
SELECT k.i, x.*
  FROM unnest((SELECT $1::text[]), (SELECT $2::text[]), (SELECT $3::text[])) WITH ORDINALITY AS k(site, product, lot, i)
 CROSS JOIN LATERAL (
       SELECT b.on_hand, b.version, b.updated_at, b.last_movement_id, l.labelled_expiry,
              ${EXTENDED_EXPIRY} AS extended_expiry, l.status
         FROM balance b
         JOIN site s ON s.id = b.site_id
         JOIN product p ON p.id = b.product_id
         JOIN lot l ON l.id = b.lot_id
        WHERE s.code = k.site AND p.code = k.product AND l.lot_number = k.lot
          AND s.id = ANY($4)                                         -- if visible
       OFFSET 0) x
