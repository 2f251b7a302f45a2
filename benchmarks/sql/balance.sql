SELECT b.on_hand, b.version, b.updated_at, b.last_movement_id, l.labelled_expiry,
       (CASE WHEN (s.jurisdiction = 'US' AND s.federal) THEN l.extended_expiry END) AS extended_expiry, l.status
  FROM balance b
  JOIN site s ON s.id = b.site_id
  JOIN product p ON p.id = b.product_id
  JOIN lot l ON l.id = b.lot_id
 WHERE s.code = :site AND p.code = :product AND l.lot_number = :lot;
