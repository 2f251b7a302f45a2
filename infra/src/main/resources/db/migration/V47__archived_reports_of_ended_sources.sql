-- A source that ended closes what it left open: drugshortages.ca, the voluntary database, ended on 2017-03-14 when
-- mandatory reporting to Drug Shortages Canada came into force, yet about 600 of its reports still read ACTIVE. Such a
-- report becomes ARCHIVED (its source status, the last one the source gave, is kept), no longer listed from the day
-- the source ended, with a version of kind ARCHIVED naming what changed. The ingest does this after every run of an
-- ended source (SourceArchiving, with ShortageSource.endedOn); this migration does it once for the reports already
-- stored, as of the run that last read each of them.
ALTER TABLE shortage_report DROP CONSTRAINT shortage_report_lifecycle_check;
ALTER TABLE shortage_report ADD CONSTRAINT shortage_report_lifecycle_check CHECK (lifecycle IN ('ANTICIPATED',
    'ACTIVE', 'AVOIDED', 'RESOLVED', 'TO_BE_DISCONTINUED', 'DISCONTINUED', 'REVERSED', 'ARCHIVED'));
ALTER TABLE shortage_report_version DROP CONSTRAINT shortage_report_version_kind_check;
ALTER TABLE shortage_report_version ADD CONSTRAINT shortage_report_version_kind_check CHECK (kind IN ('UPDATED',
    'DELISTED', 'RELISTED', 'ARCHIVED'));

WITH open AS (
    SELECT id, lifecycle, listed FROM shortage_report
     WHERE source = 'DRUGSHORTAGES_CA' AND lifecycle IN ('ANTICIPATED', 'ACTIVE', 'TO_BE_DISCONTINUED')
), archived AS (
    UPDATE shortage_report r
       SET lifecycle = 'ARCHIVED', listed = false,
           delisted_on = CASE WHEN r.listed THEN DATE '2017-03-14' ELSE r.delisted_on END,
           version = r.version + 1, changed_run_id = r.last_run_id
      FROM open o
     WHERE r.id = o.id
    RETURNING r.id, r.version, r.last_run_id, o.lifecycle AS was, o.listed AS was_listed, r.delisted_on
)
INSERT INTO shortage_report_version (report_id, version, run_id, kind, changes)
SELECT id, version, last_run_id, 'ARCHIVED',
       jsonb_build_object('lifecycle', jsonb_build_array(was, 'ARCHIVED'))
       || CASE WHEN was_listed THEN jsonb_build_object('listed', jsonb_build_array('true', 'false'), 'delistedOn',
               jsonb_build_array(NULL, delisted_on::text))
          ELSE '{}'::jsonb END
  FROM archived;
