-- The change feed's sequencer: the one definition of assign_change_positions() (decision record 13 in
-- docs/architecture.md). A repeatable migration: Flyway applies it after the versioned ones and again whenever this text
-- changes, so a change to the function is made here and nowhere else. V7 created the function and V42 gave an event as
-- many positions as the changes it stands for; both stay as they are, since databases have run them.
--
-- Positions are given in commit order: only events whose transactions are older than every running one are numbered,
-- under an advisory lock, so one replica numbers a batch at a time. Every replica of the service keeps its own
-- followers waiting (long polls, event streams), so the function announces each batch with NOTIFY on the channel
-- stockbridge_change_feed, which each replica LISTENs to. A NOTIFY is delivered when the transaction commits, so a
-- listener is never told of positions it cannot yet read, nor of positions that rolled back. The payload is the number
-- of positions assigned; listeners re-read the feed.
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
