package org.stockbridge.batch.shortage;

import java.sql.Date;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.stockbridge.domain.shortage.Lifecycle;
import org.stockbridge.domain.shortage.ShortageSource;

/**
 * A source that ended ({@link ShortageSource#endedOn()}) closes what it left open: every report of it still open
 * (anticipated, active or to be discontinued) becomes {@link Lifecycle#ARCHIVED}, no longer listed from the day the
 * source ended, with a version of kind {@code ARCHIVED} that names the lifecycle it had (and the listing, if that
 * changed too). The source's own status is kept: it is the last one the source gave. Run after every ingest of such a
 * source, so a later file of it that reopens a report (a newer record saying {@code Current}) is archived again.
 */
final class SourceArchiving {

    private final JdbcTemplate jdbc;

    SourceArchiving(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Archives the open reports of {@code source} as of run {@code runId}; how many. Nothing while it is live. */
    long archive(ShortageSource source, long runId) {
        if (source.live()) {
            return 0;
        }
        Date ended = Date.valueOf(source.endedOn());
        String[] open = Lifecycle.openOnes().stream().map(Enum::name).toArray(String[]::new);
        Integer archived = jdbc.queryForObject("""
                WITH open AS (
                    SELECT id, lifecycle, listed FROM shortage_report
                     WHERE source = ? AND lifecycle = ANY (?) FOR UPDATE
                ), archived AS (
                    UPDATE shortage_report r
                       SET lifecycle = 'ARCHIVED', listed = false, delisted_on = CASE WHEN r.listed THEN ?::date
                           ELSE r.delisted_on END, version = r.version + 1, changed_run_id = ?
                      FROM open o
                     WHERE r.id = o.id
                    RETURNING r.id, r.version, o.lifecycle AS was, o.listed AS was_listed, r.delisted_on
                ), versions AS (
                    INSERT INTO shortage_report_version (report_id, version, run_id, kind, changes)
                    SELECT id, version, ?, 'ARCHIVED',
                           jsonb_build_object('lifecycle', jsonb_build_array(was, 'ARCHIVED'))
                           || CASE WHEN was_listed THEN jsonb_build_object('listed',
                                   jsonb_build_array('true', 'false'), 'delistedOn',
                                   jsonb_build_array(NULL, delisted_on::text))
                              ELSE '{}'::jsonb END
                      FROM archived
                    RETURNING 1
                )
                SELECT count(*)::int FROM versions""", Integer.class, source.name(), open, ended, runId, runId);
        return archived == null ? 0 : archived;
    }
}
