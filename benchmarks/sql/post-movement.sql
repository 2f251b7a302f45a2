SELECT movement_id, recorded_at, on_hand, version FROM post_movement(:site_id, :product_id, :lot_id, 'RECEIPT', 1, 'PURCHASE', now(), 'bench', NULL, NULL, NULL);
