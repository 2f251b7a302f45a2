-- The TRANSFER_OUT of a transfer's dispatch and the TRANSFER_IN of its receipt change only through the transfer
-- workflow: a plain reversal of either would put stock back at the origin (or take it from the destination) while the
-- transfer still says it moved, so the ledger refuses it (SB006).
CREATE OR REPLACE FUNCTION movement_check_reversal() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    original movement%ROWTYPE;
    transfer_id bigint;
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
    SELECT t.id INTO transfer_id FROM transfer t
     WHERE t.dispatch_movement_id = NEW.reverses_id OR t.receipt_movement_id = NEW.reverses_id
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'movement % belongs to transfer %; it changes only through the transfer workflow',
            NEW.reverses_id, transfer_id
            USING ERRCODE = 'SB006', DETAIL = format('transfer=%s', transfer_id);
    END IF;
    RETURN NEW;
END;
$$;

CREATE INDEX transfer_dispatch_movement_idx ON transfer (dispatch_movement_id) WHERE dispatch_movement_id IS NOT NULL;
CREATE INDEX transfer_receipt_movement_idx ON transfer (receipt_movement_id) WHERE receipt_movement_id IS NOT NULL;
