-- The balance of one lot at a site: the API's most frequent read (GET .../lots/{lot}/balance).
-- $1 site code, $2 product code, $3 lot number; with the switch visible, $4 the ids of the sites a partner may see.
-- The extended (SLEP) expiry shows only where it applies.
SELECT b.on_hand, b.version, b.updated_at, b.last_movement_id, l.labelled_expiry,
       ${EXTENDED_EXPIRY} AS extended_expiry, l.status
  FROM balance b
  JOIN site s ON s.id = b.site_id
  JOIN product p ON p.id = b.product_id
  JOIN lot l ON l.id = b.lot_id
 WHERE s.code = $1 AND p.code = $2 AND l.lot_number = $3
   AND s.id = ANY($4)                                                -- if visible
