-- Every replica of the service keeps its own followers waiting (long polls, event streams), but only one replica
-- numbers a batch of events (the advisory lock below). So that the followers of every replica wake up, the function
-- announces the batch with NOTIFY on the channel stockbridge_change_feed, which each replica LISTENs to. A NOTIFY is
-- delivered when the transaction commits, so a listener is never told of positions it cannot yet read, and never of
-- positions that rolled back. The payload is the number of positions assigned; listeners re-read the feed.
-- As in V42 otherwise.
CREATE OR REPLACE FUNCTION assign_change_positions(batch integer DEFAULT 10000) RETURNS integer
    LANGUAGE plpgsql AS
$$
DECLARE
    assigned integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtextextended('stockbridge:change-sequencer', 0)) THEN
        RETURN 0;
    END IF;
    WITH base AS (SELECT coalesce(max(position), 0) AS last FROM change_event),
         ready AS (SELECT id, sum(span) OVER (ORDER BY id) AS n
                     FROM change_event
                    WHERE position IS NULL AND xid < pg_snapshot_xmin(pg_current_snapshot())
                    ORDER BY id
                    LIMIT batch)
    UPDATE change_event e SET position = base.last + ready.n
      FROM ready, base
     WHERE e.id = ready.id;
    GET DIAGNOSTICS assigned = ROW_COUNT;
    IF assigned > 0 THEN
        PERFORM pg_notify('stockbridge_change_feed', assigned::text);
    END IF;
    RETURN assigned;
END;
$$;
