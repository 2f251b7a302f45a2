package org.stockbridge.batch.shortage;

import java.sql.Date;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.stockbridge.domain.shortage.ShortageSource;

/**
 * After a full snapshot (the openFDA file) every listed report of that source the snapshot did not contain, and that
 * no newer snapshot has seen, is closed as no longer listed on the snapshot's date, with a version that says so. It
 * is not deleted; a later snapshot that lists it again relists it.
 */
final class SnapshotClosing {

    private final JdbcTemplate jdbc;

    SnapshotClosing(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    long close(ShortageSource source, long runId, LocalDate snapshot) {
        Date day = Date.valueOf(snapshot);
        Integer closed = jdbc.queryForObject("""
                WITH closed AS (
                    UPDATE shortage_report
                       SET listed = false, delisted_on = ?, last_snapshot = ?, version = version + 1,
                           changed_run_id = ?
                     WHERE source = ? AND listed AND last_run_id <> ?
                       AND (last_snapshot IS NULL OR last_snapshot < ?)
                    RETURNING id, version
                ), versions AS (
                    INSERT INTO shortage_report_version (report_id, version, run_id, kind, changes)
                    SELECT id, version, ?, 'DELISTED', jsonb_build_object('listed', jsonb_build_array('true', 'false'),
                           'delistedOn', jsonb_build_array(NULL, ?::text))
                      FROM closed
                    RETURNING 1
                )
                SELECT count(*)::int FROM versions""", Integer.class, day, day, runId, source.name(),
                runId, day, runId, snapshot.toString());
        return closed == null ? 0 : closed;
    }
}
