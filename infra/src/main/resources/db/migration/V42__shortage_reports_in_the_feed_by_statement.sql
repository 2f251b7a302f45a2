-- Shortage reports in the change feed, one stored event per statement instead of one per report. An ingest writes
-- thousands of reports per chunk, and an event row per report (with its payload, four index entries and, once
-- committed, a second row version when the sequencer gives it its position) cost the database more than the report
-- itself. Now the statement-level triggers write one event for all the reports (or versions) a statement wrote: it
-- lists their ids and versions in order and counts them in span. The feed is unchanged for its readers: the
-- sequencer gives such an event span consecutive positions (its position is the last of them), and the feed expands
-- it into one change per report and version, with the same key and payload as before, built when it is read from the
-- report and its versions (the state after that version: the current fields, unless a later version changed them).
-- A new report is its version 1, even when the statement that stores it already holds a later version (a key met
-- twice in one chunk): that version comes with its own version row.
ALTER TABLE change_event
    ADD COLUMN span integer NOT NULL DEFAULT 1,
    ADD COLUMN report_ids bigint[],
    ADD COLUMN report_versions integer[],
    ADD CONSTRAINT change_event_span_check CHECK (
        (report_ids IS NULL AND report_versions IS NULL AND span = 1)
        OR (cardinality(report_ids) = span AND cardinality(report_versions) = span));

-- As in V7, with an event taking as many positions as the changes it stands for.
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
    RETURN assigned;
END;
$$;

CREATE OR REPLACE FUNCTION shortage_report_created_to_change_feed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO change_event (kind, entity_key, payload, span, report_ids, report_versions)
    SELECT 'shortage-report', 'shortage-reports', '{}'::jsonb, count(*), array_agg(n.id ORDER BY n.id),
           array_fill(1, ARRAY[count(*)::integer])
      FROM created n
    HAVING count(*) > 0;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION shortage_report_version_to_change_feed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO change_event (kind, entity_key, payload, span, report_ids, report_versions)
    SELECT 'shortage-report', 'shortage-reports', '{}'::jsonb, count(*),
           array_agg(v.report_id ORDER BY v.report_id, v.version), array_agg(v.version ORDER BY v.report_id, v.version)
      FROM versions v
    HAVING count(*) > 0;
    RETURN NULL;
END;
$$;

-- A report as it was right after one of its versions: its identity, and its status, lifecycle and listing as they
-- were then (the value a later version changed away from, else the current one).
CREATE FUNCTION shortage_report_state(r shortage_report, at_version integer) RETURNS jsonb
    LANGUAGE sql STABLE AS
$$
SELECT jsonb_build_object(
    'id', r.id, 'source', r.source, 'sourceKey', r.source_key, 'country', r.country,
    'sourceStatus', coalesce((SELECT l.changes -> 'sourceStatus' -> 0 FROM shortage_report_version l
                               WHERE l.report_id = r.id AND l.version > at_version AND l.changes ? 'sourceStatus'
                               ORDER BY l.version LIMIT 1), to_jsonb(r.source_status)),
    'lifecycle', coalesce((SELECT l.changes -> 'lifecycle' -> 0 FROM shortage_report_version l
                            WHERE l.report_id = r.id AND l.version > at_version AND l.changes ? 'lifecycle'
                            ORDER BY l.version LIMIT 1), to_jsonb(r.lifecycle)),
    'listed', coalesce((SELECT to_jsonb((l.changes -> 'listed' ->> 0)::boolean) FROM shortage_report_version l
                         WHERE l.report_id = r.id AND l.version > at_version AND l.changes ? 'listed'
                         ORDER BY l.version LIMIT 1), to_jsonb(r.listed)),
    'version', at_version)
$$;

-- The changes a shortage event stands for, positioned after after_position, at most max_changes of them: each with
-- its feed position, key (source/sourceKey) and payload ({"change": "CREATED", "report": ...} for version 1, else
-- the version's kind, changedVersion and changes). A report that no longer exists has no change.
CREATE FUNCTION shortage_report_changes(last_position bigint, span integer, report_ids bigint[],
                                        report_versions integer[], after_position bigint, max_changes integer)
    RETURNS TABLE (change_position bigint, change_key text, change_payload jsonb)
    LANGUAGE sql STABLE AS
$$
SELECT last_position - span + x.n, r.source || '/' || r.source_key,
       CASE WHEN x.version = 1 THEN jsonb_build_object('change', 'CREATED', 'report', shortage_report_state(r, 1))
            ELSE jsonb_build_object('change', v.kind, 'changedVersion', x.version, 'changes', v.changes,
                                    'report', shortage_report_state(r, x.version)) END
  FROM unnest(report_ids, report_versions) WITH ORDINALITY AS x(report_id, version, n)
  JOIN shortage_report r ON r.id = x.report_id
  LEFT JOIN shortage_report_version v ON v.report_id = x.report_id AND v.version = x.version
 WHERE x.n > after_position - last_position + span
   AND x.n <= after_position - last_position + span + max_changes
 ORDER BY x.n
$$;
