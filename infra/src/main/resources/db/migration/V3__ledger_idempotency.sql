-- A physical count that finds exactly what the ledger says is still recorded, as a zero correction line with the
-- prior stock on hand; every other line moves stock.
ALTER TABLE movement DROP CONSTRAINT movement_quantity_check;
ALTER TABLE movement ADD CONSTRAINT movement_quantity_check CHECK (quantity <> 0 OR type = 'COUNT_CORRECTION');

-- A reversal must undo its line exactly.
CREATE FUNCTION movement_check_reversal() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    original movement%ROWTYPE;
BEGIN
    IF NEW.reverses_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT * INTO original FROM movement WHERE id = NEW.reverses_id;
    IF original.type = 'REVERSAL' THEN
        RAISE EXCEPTION 'a reversal cannot itself be reversed' USING ERRCODE = 'SB003';
    END IF;
    IF original.site_id <> NEW.site_id OR original.product_id <> NEW.product_id OR original.lot_id <> NEW.lot_id
        OR original.quantity <> -NEW.quantity THEN
        RAISE EXCEPTION 'a reversal must undo exactly the line it reverses' USING ERRCODE = 'SB003';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER movement_check_reversal
    BEFORE INSERT ON movement
    FOR EACH ROW EXECUTE FUNCTION movement_check_reversal();

CREATE OR REPLACE FUNCTION movement_apply_to_balance() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    available bigint;
BEGIN
    IF NEW.quantity > 0 THEN
        INSERT INTO balance AS b (site_id, product_id, lot_id, on_hand, version, last_movement_id, updated_at)
        VALUES (NEW.site_id, NEW.product_id, NEW.lot_id, NEW.quantity, 1, NEW.id, NEW.recorded_at)
        ON CONFLICT (site_id, product_id, lot_id) DO UPDATE
            SET on_hand = b.on_hand + EXCLUDED.on_hand,
                version = b.version + 1,
                last_movement_id = EXCLUDED.last_movement_id,
                updated_at = EXCLUDED.updated_at;
    ELSIF NEW.quantity < 0 THEN
        UPDATE balance
           SET on_hand = on_hand + NEW.quantity,
               version = version + 1,
               last_movement_id = NEW.id,
               updated_at = NEW.recorded_at
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
    END IF;
    RETURN NULL;
END;
$$;

-- Idempotency-Key records: the response of a successful POST, stored in the same transaction as its effect.
CREATE TABLE idempotency_record (
    client          text        NOT NULL,
    idempotency_key text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_hash    text        NOT NULL,
    method          text        NOT NULL,
    path            text        NOT NULL,
    response_status integer     NOT NULL,
    response_body   text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (client, idempotency_key)
);
CREATE INDEX idempotency_record_expiry_idx ON idempotency_record (expires_at);

CREATE INDEX movement_occurred_idx ON movement (occurred_at, id);
CREATE INDEX movement_type_site_product_idx ON movement (site_id, product_id, type, occurred_at);

-- One round trip per ledger line: insert the movement (the triggers check it and move the balance) and return the
-- balance of its lot right after it.
CREATE FUNCTION post_movement(p_site bigint, p_product bigint, p_lot bigint, p_type text, p_quantity bigint,
                              p_reason text, p_occurred_at timestamptz, p_actor text, p_document_ref text,
                              p_prior_on_hand bigint, p_reverses bigint)
    RETURNS TABLE (movement_id bigint, recorded_at timestamptz, on_hand bigint, version bigint)
    LANGUAGE plpgsql AS
$$
DECLARE
    new_id bigint;
    new_recorded timestamptz;
BEGIN
    INSERT INTO movement (site_id, product_id, lot_id, type, quantity, reason_code, occurred_at, actor, document_ref,
                          prior_on_hand, reverses_id)
    VALUES (p_site, p_product, p_lot, p_type, p_quantity, p_reason, p_occurred_at, p_actor, p_document_ref,
            p_prior_on_hand, p_reverses)
    RETURNING movement.id, movement.recorded_at INTO new_id, new_recorded;
    RETURN QUERY
        SELECT new_id, new_recorded, coalesce(b.on_hand, 0), coalesce(b.version, 0)
          FROM (SELECT 1) AS one
          LEFT JOIN balance b ON b.site_id = p_site AND b.product_id = p_product AND b.lot_id = p_lot;
END;
$$;
