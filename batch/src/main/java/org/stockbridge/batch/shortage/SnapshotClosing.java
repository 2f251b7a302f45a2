package org.stockbridge.batch.shortage;

import java.sql.Date;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.stockbridge.domain.shortage.ShortageSource;

/**
 * After a full snapshot (the openFDA file) every listed report of that source the snapshot did not contain, and that
 * no newer snapshot has seen, is closed as no longer listed on the snapshot's date, with a version that says so. It
 * is not deleted; a later snapshot that lists it again relists it. A snapshot read after a newer one was can still
 * bring reports no stored report had: unless a newer snapshot has seen them since (a newer run that completed while
 * this one was interrupted), the newer snapshot did not list them, so they are closed on its date (the earliest
 * completed snapshot of the source after this one), with the same version.
 */
final class SnapshotClosing {

    private final JdbcTemplate jdbc;

    SnapshotClosing(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    long close(ShortageSource source, long runId, LocalDate snapshot) {
        Date day = Date.valueOf(snapshot);
        // absent: listed, not read by this run, and seen by no snapshot from this one on (closed on this date);
        // unseen: first read by this run, yet seen by no completed newer snapshot (closed on the newer one's date)
        Integer closed = jdbc.queryForObject("""
                WITH newer AS (
                    SELECT min(snapshot_date) AS day FROM ingestion_run
                     WHERE source = ? AND status = 'COMPLETED' AND snapshot_date > ?
                ), closing AS (
                    SELECT r.id, CASE WHEN r.last_run_id <> ? THEN ?::date ELSE newer.day END AS day
                      FROM shortage_report r, newer
                     WHERE r.source = ? AND r.listed
                       AND ((r.last_run_id <> ? AND (r.last_snapshot IS NULL OR r.last_snapshot < ?))
                            OR (newer.day IS NOT NULL AND r.first_run_id = ?
                                AND (r.last_snapshot IS NULL OR r.last_snapshot < newer.day)))
                ), closed AS (
                    UPDATE shortage_report r
                       SET listed = false, delisted_on = c.day, version = r.version + 1, changed_run_id = ?,
                           last_snapshot = CASE WHEN c.day = ?::date THEN c.day ELSE r.last_snapshot END
                      FROM closing c
                     WHERE r.id = c.id
                    RETURNING r.id, r.version, c.day
                ), versions AS (
                    INSERT INTO shortage_report_version (report_id, version, run_id, kind, changes)
                    SELECT id, version, ?, 'DELISTED', jsonb_build_object('listed', jsonb_build_array('true', 'false'),
                           'delistedOn', jsonb_build_array(NULL, day::text))
                      FROM closed
                    RETURNING 1
                )
                SELECT count(*)::int FROM versions""", Integer.class, source.name(), day, runId, day, source.name(),
                runId, day, runId, runId, day, runId);
        return closed == null ? 0 : closed;
    }
}
