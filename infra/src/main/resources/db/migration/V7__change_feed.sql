-- The change feed: a transactional outbox written by triggers in the same transaction as each change, so nothing
-- can change without its event and no event exists for a change that rolled back. An event gets its feed position
-- only after its transaction has committed (the sequencer, SELECT assign_change_positions()), so positions grow in
-- the order events become visible and a follower reading "position > cursor" never skips one that commits late.
CREATE TABLE change_event (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    position      bigint UNIQUE,
    xid           xid8        NOT NULL DEFAULT pg_current_xact_id(),
    at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    kind          text        NOT NULL,
    site_id       bigint REFERENCES site (id),
    other_site_id bigint REFERENCES site (id),
    entity_key    text        NOT NULL,
    payload       jsonb       NOT NULL
);
CREATE INDEX change_event_unpositioned_idx ON change_event (id) WHERE position IS NULL;
CREATE INDEX change_event_site_position_idx ON change_event (site_id, position);

-- Gives positions, in id order, to the events of every transaction that has finished; returns how many. Runs under
-- an advisory lock so that only one sequencer assigns at a time, whatever the number of API instances.
CREATE FUNCTION assign_change_positions(batch integer DEFAULT 10000) RETURNS integer
    LANGUAGE plpgsql AS
$$
DECLARE
    assigned integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtextextended('stockbridge:change-sequencer', 0)) THEN
        RETURN 0;
    END IF;
    WITH base AS (SELECT coalesce(max(position), 0) AS last FROM change_event),
         ready AS (SELECT id, row_number() OVER (ORDER BY id) AS n
                     FROM change_event
                    WHERE position IS NULL AND xid < pg_snapshot_xmin(pg_current_snapshot())
                    ORDER BY id
                    LIMIT batch)
    UPDATE change_event e SET position = base.last + ready.n
      FROM ready, base
     WHERE e.id = ready.id;
    GET DIAGNOSTICS assigned = ROW_COUNT;
    RETURN assigned;
END;
$$;

-- A movement's event carries the line and the balance of its lot right after it (the balance trigger runs first:
-- triggers fire in name order). Synthetic demo history is not replayed into the feed; its end state is in the
-- balances a follower starts from.
CREATE FUNCTION movement_to_change_feed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO change_event (kind, site_id, entity_key, payload)
    SELECT 'movement', NEW.site_id, s.code || '/' || p.code || '/' || l.lot_number,
           jsonb_build_object(
               'movement', jsonb_build_object(
                   'id', NEW.id, 'site', s.code, 'product', p.code, 'lot', l.lot_number, 'type', NEW.type,
                   'quantity', NEW.quantity, 'reasonCode', NEW.reason_code, 'occurredAt', NEW.occurred_at,
                   'recordedAt', NEW.recorded_at, 'actor', NEW.actor, 'documentRef', NEW.document_ref,
                   'priorOnHand', NEW.prior_on_hand, 'reverses', NEW.reverses_id),
               'balance', jsonb_build_object(
                   'site', s.code, 'product', p.code, 'lot', l.lot_number,
                   'labelledExpiry', l.labelled_expiry, 'extendedExpiry', l.extended_expiry,
                   'onHand', coalesce(b.on_hand, 0), 'version', coalesce(b.version, 0)))
      FROM site s, product p, lot l
      LEFT JOIN balance b ON b.site_id = NEW.site_id AND b.product_id = NEW.product_id AND b.lot_id = NEW.lot_id
     WHERE s.id = NEW.site_id AND p.id = NEW.product_id AND l.id = NEW.lot_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER movement_to_change_feed
    AFTER INSERT ON movement
    FOR EACH ROW WHEN (NOT NEW.synthetic) EXECUTE FUNCTION movement_to_change_feed();

CREATE FUNCTION stock_policy_to_change_feed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO change_event (kind, site_id, entity_key, payload)
    SELECT 'policy', NEW.site_id, s.code || '/' || p.code,
           jsonb_build_object('policy', jsonb_build_object(
               'site', s.code, 'product', p.code, 'safetyStock', NEW.safety_stock, 'reorderPoint', NEW.reorder_point,
               'maxStock', NEW.max_stock, 'reserveFloor', NEW.reserve_floor, 'version', NEW.version,
               'updatedAt', NEW.updated_at, 'updatedBy', NEW.updated_by))
      FROM site s, product p
     WHERE s.id = NEW.site_id AND p.id = NEW.product_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER stock_policy_to_change_feed
    AFTER INSERT OR UPDATE ON stock_policy
    FOR EACH ROW WHEN (NEW.updated_by <> 'demo-generator') EXECUTE FUNCTION stock_policy_to_change_feed();
