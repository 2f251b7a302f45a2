-- Shortage reports in the change feed: a new report and every new version of one is an event of kind
-- 'shortage-report', written in the same transaction as the change. The triggers are statement-level with transition
-- tables, so an ingest that writes thousands of reports in one COPY adds one INSERT ... SELECT, not a trigger call per
-- row. Shortage reports are public: their events name no site, so every reader of the feed sees them. The payload is
-- the report's identity, status and version after the change (apply by version, as balances), and for a new version
-- what changed; the whole report is at /api/v1/shortage-reports/{id}. The payload is kept small because an ingest
-- writes one event per new report. Marking a report as seen again by a
-- rerun changes no version and makes no event.
CREATE FUNCTION shortage_report_created_to_change_feed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO change_event (kind, entity_key, payload)
    SELECT 'shortage-report', n.source || '/' || n.source_key,
           jsonb_build_object('change', 'CREATED', 'report', jsonb_build_object(
               'id', n.id, 'source', n.source, 'sourceKey', n.source_key, 'country', n.country,
               'sourceStatus', n.source_status, 'lifecycle', n.lifecycle, 'listed', n.listed, 'version', n.version))
      FROM created n;
    RETURN NULL;
END;
$$;

CREATE TRIGGER shortage_report_created_to_change_feed
    AFTER INSERT ON shortage_report
    REFERENCING NEW TABLE AS created
    FOR EACH STATEMENT EXECUTE FUNCTION shortage_report_created_to_change_feed();

-- A version row is written after its report was updated (by the same chunk or statement), so the report it joins is
-- the report after the change.
CREATE FUNCTION shortage_report_version_to_change_feed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO change_event (kind, entity_key, payload)
    SELECT 'shortage-report', r.source || '/' || r.source_key,
           jsonb_build_object('change', v.kind, 'changedVersion', v.version, 'changes', v.changes,
               'report', jsonb_build_object(
                   'id', r.id, 'source', r.source, 'sourceKey', r.source_key, 'country', r.country,
                   'sourceStatus', r.source_status, 'lifecycle', r.lifecycle, 'listed', r.listed,
                   'version', r.version))
      FROM versions v JOIN shortage_report r ON r.id = v.report_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER shortage_report_version_to_change_feed
    AFTER INSERT ON shortage_report_version
    REFERENCING NEW TABLE AS versions
    FOR EACH STATEMENT EXECUTE FUNCTION shortage_report_version_to_change_feed();
