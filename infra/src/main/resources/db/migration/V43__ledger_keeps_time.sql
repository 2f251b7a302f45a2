-- The ledger keeps time as well as sums. Every writer of the movement table (the API's post_movement and the history
-- loads alike) is held to two rules here:
--   * no movement of a lot at a site is dated before the first movement of that lot at that site (SB004);
--   * a movement dated before the latest one of its lot at its site may not take the stock of any moment from its
--     date on below zero: the history as it is read afterwards (as-of views, consumption, forecasts) never shows
--     stock that was not there (SB005).
-- How far back the API lets a line be dated is the application's setting (stockbridge.ledger.backdating-window).

ALTER TABLE balance
    ADD COLUMN first_occurred_at timestamptz,
    ADD COLUMN last_occurred_at  timestamptz;

UPDATE balance b
   SET first_occurred_at = m.first_at,
       last_occurred_at  = m.last_at
  FROM (SELECT site_id, product_id, lot_id, min(occurred_at) AS first_at, max(occurred_at) AS last_at
          FROM movement
         GROUP BY site_id, product_id, lot_id) m
 WHERE b.site_id = m.site_id AND b.product_id = m.product_id AND b.lot_id = m.lot_id;

ALTER TABLE balance
    ALTER COLUMN first_occurred_at SET NOT NULL,
    ALTER COLUMN last_occurred_at SET NOT NULL;

-- The balance row of the line's lot is locked before the line is checked, so the lines of one (site, product, lot) are
-- checked and applied one after the other; the first lines of a pair new to a site serialise in post_movement.
CREATE FUNCTION movement_keeps_time() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    first_at timestamptz;
    last_at  timestamptz;
    lowest   bigint;
    lowest_at timestamptz;
BEGIN
    SELECT b.first_occurred_at, b.last_occurred_at INTO first_at, last_at
      FROM balance b
     WHERE b.site_id = NEW.site_id AND b.product_id = NEW.product_id AND b.lot_id = NEW.lot_id
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    IF NEW.occurred_at < first_at THEN
        RAISE EXCEPTION 'a movement may not be dated before the first movement of its lot at its site'
            USING ERRCODE = 'SB004',
                  DETAIL = format('first_occurred_at=%s occurred_at=%s lot_number=%s',
                                  to_char(first_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                  to_char(NEW.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                  (SELECT lot_number FROM lot WHERE id = NEW.lot_id));
    END IF;
    IF NEW.quantity < 0 AND NEW.occurred_at < last_at THEN
        -- The stock right after the new line (placed after every line of its instant or earlier) and right after
        -- each later line: the lowest of them must still hold what the line takes.
        SELECT r.stock, r.occurred_at INTO lowest, lowest_at
          FROM (SELECT m.occurred_at,
                       sum(m.quantity) OVER (ORDER BY m.occurred_at, m.id ROWS UNBOUNDED PRECEDING) AS stock,
                       lead(m.occurred_at) OVER (ORDER BY m.occurred_at, m.id) AS next_at
                  FROM movement m
                 WHERE m.lot_id = NEW.lot_id AND m.site_id = NEW.site_id AND m.product_id = NEW.product_id) r
         WHERE r.next_at IS NULL OR r.next_at > NEW.occurred_at
         ORDER BY r.stock, r.occurred_at
         LIMIT 1;
        IF lowest + NEW.quantity < 0 THEN
            RAISE EXCEPTION 'the movement would take the stock of a later moment below zero'
                USING ERRCODE = 'SB005',
                      DETAIL = format('at=%s available=%s requested=%s lot_number=%s',
                                      to_char(greatest(lowest_at, NEW.occurred_at) AT TIME ZONE 'UTC',
                                              'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                      lowest, -NEW.quantity, (SELECT lot_number FROM lot WHERE id = NEW.lot_id));
        END IF;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER movement_keeps_time
    BEFORE INSERT ON movement
    FOR EACH ROW EXECUTE FUNCTION movement_keeps_time();

-- The balance also keeps the dates of the first and the latest line of its lot at its site.
CREATE OR REPLACE FUNCTION movement_apply_to_balance() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    available bigint;
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
           AND on_hand + NEW.quantity >= 0;
        IF NOT FOUND THEN
            SELECT on_hand INTO available FROM balance
             WHERE site_id = NEW.site_id AND product_id = NEW.product_id AND lot_id = NEW.lot_id;
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

-- The advisory lock of a (site, lot) pair (two-key advisory locks; no other lock of Stockbridge uses that key space).
CREATE FUNCTION lock_new_balance(p_site bigint, p_lot bigint) RETURNS void
    LANGUAGE sql AS
$$
SELECT pg_advisory_xact_lock(hashint8(p_site), hashint8(p_lot));
$$;

-- The API's one door to the ledger. The line's lot is locked first: its balance row, or, for a (site, lot) pair that has
-- no balance yet, an advisory lock on the pair held to the end of the transaction (the lock a count that reads the
-- stock before writing its correction also takes, LedgerRepository.lockBalance). A line posted without a date is dated
-- when its lot is locked, so the lines that writers post "now" are dated in the order they are written, and none of
-- them can be refused for being dated before a line that committed a moment earlier. It returns the date too.
DROP FUNCTION post_movement(bigint, bigint, bigint, text, bigint, text, timestamptz, text, text, bigint, bigint);
CREATE FUNCTION post_movement(p_site bigint, p_product bigint, p_lot bigint, p_type text, p_quantity bigint,
                              p_reason text, p_occurred_at timestamptz, p_actor text, p_document_ref text,
                              p_prior_on_hand bigint, p_reverses bigint)
    RETURNS TABLE (movement_id bigint, recorded_at timestamptz, on_hand bigint, version bigint, occurred_at timestamptz)
    LANGUAGE plpgsql AS
$$
DECLARE
    new_id bigint;
    new_recorded timestamptz;
    new_occurred timestamptz;
BEGIN
    PERFORM 1 FROM balance b
      WHERE b.site_id = p_site AND b.product_id = p_product AND b.lot_id = p_lot
        FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM lock_new_balance(p_site, p_lot);
    END IF;
    INSERT INTO movement (site_id, product_id, lot_id, type, quantity, reason_code, occurred_at, actor, document_ref,
                          prior_on_hand, reverses_id)
    VALUES (p_site, p_product, p_lot, p_type, p_quantity, p_reason, coalesce(p_occurred_at, clock_timestamp()),
            p_actor, p_document_ref, p_prior_on_hand, p_reverses)
    RETURNING movement.id, movement.recorded_at, movement.occurred_at INTO new_id, new_recorded, new_occurred;
    RETURN QUERY
        SELECT new_id, new_recorded, coalesce(b.on_hand, 0), coalesce(b.version, 0), new_occurred
          FROM (SELECT 1) AS one
          LEFT JOIN balance b ON b.site_id = p_site AND b.product_id = p_product AND b.lot_id = p_lot;
END;
$$;
