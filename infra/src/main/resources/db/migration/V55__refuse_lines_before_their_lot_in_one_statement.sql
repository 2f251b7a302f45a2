-- A line may not be dated before the first line of its lot at its site (V43, SB004). V43 checks it BEFORE each row,
-- against the balance as it stands; but the balance of a lot first received in the same statement does not exist yet
-- then (the AFTER row triggers that write balances run at the statement's end, in row order). So a multi-row INSERT
-- holding a new lot's receipt and, after it, an issue of that lot dated earlier passed the check, and the balance
-- kept the receipt's instant as the lot's first: the lot was used before it existed there, and reads that take a
-- series' first day from the balances (the forecast panel, PanelSql) started after a real issue.
--
-- The check is now also made where the balance is written: a line that takes stock is refused, with the same SB004
-- and the same detail as V43's, when it is dated before the balance's first instant. The API posts one line per
-- statement, so nothing it accepted before is refused; only the history loads' multi-row inserts can meet it.
CREATE OR REPLACE FUNCTION movement_apply_to_balance() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    available bigint;
    first_at  timestamptz;
BEGIN
    IF NEW.quantity > 0 THEN
        INSERT INTO balance AS b (site_id, product_id, lot_id, on_hand, version, last_movement_id, updated_at,
                                  first_occurred_at, last_occurred_at)
        VALUES (NEW.site_id, NEW.product_id, NEW.lot_id, NEW.quantity, 1, NEW.id, NEW.recorded_at,
                NEW.occurred_at, NEW.occurred_at)
        ON CONFLICT (site_id, product_id, lot_id) DO UPDATE
            SET on_hand = b.on_hand + EXCLUDED.on_hand,
                version = b.version + 1,
                last_movement_id = EXCLUDED.last_movement_id,
                updated_at = EXCLUDED.updated_at,
                first_occurred_at = least(b.first_occurred_at, EXCLUDED.first_occurred_at),
                last_occurred_at = greatest(b.last_occurred_at, EXCLUDED.last_occurred_at);
    ELSIF NEW.quantity < 0 THEN
        UPDATE balance
           SET on_hand = on_hand + NEW.quantity,
               version = version + 1,
               last_movement_id = NEW.id,
               updated_at = NEW.recorded_at,
               last_occurred_at = greatest(last_occurred_at, NEW.occurred_at)
         WHERE site_id = NEW.site_id AND product_id = NEW.product_id AND lot_id = NEW.lot_id
           AND on_hand + NEW.quantity >= 0 AND first_occurred_at <= NEW.occurred_at;
        IF NOT FOUND THEN
            SELECT on_hand, first_occurred_at INTO available, first_at FROM balance
             WHERE site_id = NEW.site_id AND product_id = NEW.product_id AND lot_id = NEW.lot_id;
            IF NEW.occurred_at < first_at THEN
                RAISE EXCEPTION 'a movement may not be dated before the first movement of its lot at its site'
                    USING ERRCODE = 'SB004',
                          DETAIL = format('first_occurred_at=%s occurred_at=%s lot_number=%s',
                                          to_char(first_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                          to_char(NEW.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                          (SELECT lot_number FROM lot WHERE id = NEW.lot_id));
            END IF;
            RAISE EXCEPTION 'insufficient stock'
                USING ERRCODE = 'SB001',
                      DETAIL = format('site=%s product=%s lot=%s available=%s requested=%s lot_number=%s',
                                      NEW.site_id, NEW.product_id, NEW.lot_id, coalesce(available, 0), -NEW.quantity,
                                      (SELECT lot_number FROM lot WHERE id = NEW.lot_id));
        END IF;
    ELSE
        UPDATE balance
           SET last_occurred_at = greatest(last_occurred_at, NEW.occurred_at)
         WHERE site_id = NEW.site_id AND product_id = NEW.product_id AND lot_id = NEW.lot_id;
    END IF;
    RETURN NULL;
END;
$$;
