-- A page of a site's stock (GET /sites/{site}/stock): its balances by (product, lot), each with its product's totals
-- and what left the site in the window (issues and transfers out, LedgerSql.UNREVERSED_OUTFLOW, as outflow_day keeps
-- it). Switches: product (one product only), stocked (lots with stock only; the default), after (the page after the
-- cursor's product and lot).
WITH page AS (
    SELECT b.product_id, b.lot_id, b.on_hand, b.version, b.updated_at
      FROM balance b JOIN product p ON p.id = b.product_id
     WHERE b.site_id = :site
       AND p.code = :product                                          -- if product
       AND b.on_hand > 0                                              -- if stocked
       AND (b.product_id, b.lot_id) > (:afterProduct, :afterLot)      -- if after
     ORDER BY b.product_id, b.lot_id LIMIT :limit
), totals AS (
    SELECT b.product_id, sum(b.on_hand)::bigint AS on_hand,
           coalesce(sum(b.on_hand) FILTER (WHERE ${USABLE}), 0)::bigint AS usable_on_hand
      FROM balance b JOIN lot l ON l.id = b.lot_id JOIN site s ON s.id = b.site_id
     WHERE b.site_id = :site AND b.product_id IN (SELECT product_id FROM page)
     GROUP BY b.product_id
), issued AS (
    -- The window's whole UTC days from the ledger's per-day totals (V53), its two part days from their lines: a depot's
    -- window holds a line per deployment to each site it serves, its totals a row per lot and day.
    SELECT w.product_id, sum(w.issued)::bigint AS issued
      FROM (SELECT t.product_id, t.issued + t.transferred_out AS issued
              FROM outflow_day t
             WHERE t.site_id = :site AND t.product_id IN (SELECT product_id FROM page)
               AND t.day >= :firstWholeDay AND t.day <= :lastWholeDay
            UNION ALL
            -- The two part days: each outflow type's lines of each product, read through (site_id, product_id, type,
            -- occurred_at), so that a busy day of receipts at a depot costs the page nothing. OFFSET 0 keeps the
            -- subquery one index scan per product, type and part day; flattened, the planner scans all of the site's
            -- lines of the part day by (site_id, occurred_at), whose count its statistics cannot know for today.
            SELECT k.product_id, -m.quantity
              FROM (SELECT DISTINCT product_id FROM page) k
             CROSS JOIN (VALUES ${OUTFLOW_TYPE_ROWS}) o(type)
             CROSS JOIN (VALUES (CAST(:windowStart AS timestamptz), CAST(:firstWholeDayStart AS timestamptz)),
                         (:lastPartDayStart, :windowEnd)) d(from_at, to_at)
             CROSS JOIN LATERAL (SELECT m.id, m.quantity FROM movement m
                                  WHERE m.site_id = :site AND m.product_id = k.product_id AND m.type = o.type
                                    AND m.occurred_at >= d.from_at AND m.occurred_at < d.to_at OFFSET 0) m
             WHERE ${NOT_REVERSED}) w
     GROUP BY w.product_id
)
SELECT page.product_id, page.lot_id, page.on_hand, page.version, page.updated_at,
       p.code AS product_code, p.name AS product_name, p.unit_of_issue,
       l.lot_number, l.labelled_expiry, l.extended_expiry, l.status,
       t.on_hand AS product_on_hand, t.usable_on_hand, coalesce(i.issued, 0) AS issued
  FROM page JOIN product p ON p.id = page.product_id JOIN lot l ON l.id = page.lot_id
  JOIN totals t ON t.product_id = page.product_id
  LEFT JOIN issued i ON i.product_id = page.product_id
 ORDER BY page.product_id, page.lot_id
