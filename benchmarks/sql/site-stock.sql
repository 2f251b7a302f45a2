WITH page AS (
    SELECT b.product_id, b.lot_id, b.on_hand, b.version, b.updated_at
      FROM balance b JOIN product p ON p.id = b.product_id
     WHERE b.site_id = :site_id AND b.on_hand > 0 AND (b.product_id, b.lot_id) > (0, 0)
     ORDER BY b.product_id, b.lot_id LIMIT 51
), totals AS (
    SELECT b.product_id, sum(b.on_hand)::bigint AS on_hand,
           coalesce(sum(b.on_hand) FILTER (WHERE (l.status = 'RELEASED' AND (CASE WHEN s.jurisdiction = 'US' AND s.federal
               AND l.extended_expiry IS NOT NULL THEN l.extended_expiry ELSE l.labelled_expiry END) >= current_date)), 0)::bigint
               AS usable_on_hand
      FROM balance b JOIN lot l ON l.id = b.lot_id JOIN site s ON s.id = b.site_id
     WHERE b.site_id = :site_id AND b.product_id IN (SELECT product_id FROM page)
     GROUP BY b.product_id
), issued AS (
    SELECT m.product_id, -sum(m.quantity)::bigint AS issued
      FROM movement m
     WHERE m.site_id = :site_id AND m.product_id IN (SELECT product_id FROM page)
       AND m.type = 'ISSUE' AND NOT EXISTS (SELECT 1 FROM movement r WHERE r.reverses_id = m.id)
       AND m.occurred_at >= now() - interval '28 days' AND m.occurred_at < now()
     GROUP BY m.product_id
)
SELECT page.product_id, page.lot_id, page.on_hand, page.version, page.updated_at,
       p.code AS product_code, p.name AS product_name, p.unit_of_issue,
       l.lot_number, l.labelled_expiry, l.extended_expiry, l.status,
       t.on_hand AS product_on_hand, t.usable_on_hand, coalesce(i.issued, 0) AS issued
  FROM page JOIN product p ON p.id = page.product_id JOIN lot l ON l.id = page.lot_id
  JOIN totals t ON t.product_id = page.product_id
  LEFT JOIN issued i ON i.product_id = page.product_id
 ORDER BY page.product_id, page.lot_id;
