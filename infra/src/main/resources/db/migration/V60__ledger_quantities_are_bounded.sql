-- The ledger's quantities are bounded (Quantities in the domain; docs/ledger.md): a line the API takes carries at most
-- 10^12 units of issue, and a balance (site, product, lot) holds at most 10^13. Without a bound two receipts of 5 x
-- 10^18 at two sites were stored, and every national read that adds balances (the product's stock, the summary and
-- its rollup, the by-site map) failed with 22003 bigint out of range. With it, a sum of balances stays exact in a
-- bigint for up to 922,337 balances at the bound (10^13 x 922,337 < 9.22 x 10^18), far more than will ever hold it.
--
-- The database holds the bounds for every writer (the API, history loads, anything else):
-- - no line adds more than 10^13 (the most a balance may hold; a count's correction may exceed the API's line bound,
--   up to the balance bound). A debit needs no bound of its own: it cannot take more than its balance holds;
-- - no balance grows past 10^13. The trigger that writes balances (their only writer) refuses a credit that would pass
--   it with its own SQLSTATE SB007 (the API answers 422 balance-limit), naming the lot's on hand and the units added.
--   The bound is on credits only, not a CHECK on the balance: PostgreSQL checks even a NOT VALID constraint on every
--   update of an existing row, so a balance stored above the bound before this migration could then take no debit
--   and its lot no new dates (V57 rewrites the lot's balances); with the bound on credits, reversing the lines that
--   took it there (debits) brings it back.
-- The line constraint is NOT VALID: a database that already holds such lines still migrates, and it holds for every
-- line written from now on (lines are never updated).
ALTER TABLE movement ADD CONSTRAINT movement_quantity_bound CHECK (quantity <= 10000000000000) NOT VALID;

-- As in V55, with the balance bound on the credit branch: the update is made only while the new on hand stays within
-- the bound (written as on_hand <= bound - added, which cannot overflow, as the sum could for a balance stored before
-- the bound), and SB007 is raised otherwise.
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
                last_occurred_at = greatest(b.last_occurred_at, EXCLUDED.last_occurred_at)
            WHERE b.on_hand <= 10000000000000 - EXCLUDED.on_hand;
        IF NOT FOUND THEN
            SELECT on_hand INTO available FROM balance
             WHERE site_id = NEW.site_id AND product_id = NEW.product_id AND lot_id = NEW.lot_id;
            RAISE EXCEPTION 'a balance may hold at most 10000000000000 units of issue'
                USING ERRCODE = 'SB007',
                      DETAIL = format('site=%s product=%s lot=%s on_hand=%s adding=%s lot_number=%s',
                                      NEW.site_id, NEW.product_id, NEW.lot_id, coalesce(available, 0), NEW.quantity,
                                      (SELECT lot_number FROM lot WHERE id = NEW.lot_id));
        END IF;
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
