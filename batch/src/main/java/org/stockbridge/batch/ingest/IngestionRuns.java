package org.stockbridge.batch.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.stockbridge.batch.format.SourceFormat;
import org.stockbridge.domain.shortage.ShortageSource;

/** The {@code ingestion_run} rows: created when a file is accepted, counted by the jobs in their chunk transactions. */
@Repository
public class IngestionRuns {

    private static final String COLUMNS = "id, file_name, file_path, sha256, size_bytes, format, snapshot_date, status, "
            + "message, read_count, inserted_count, updated_count, unchanged_count, rejected_count, closed_count, "
            + "linked_count, unmatched_count, job_execution_id, requested_at, started_at, finished_at";

    private final JdbcTemplate jdbc;

    public IngestionRuns(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public long create(SourceFile file, String requestedBy) {
        return jdbc.queryForObject("INSERT INTO ingestion_run (file_name, file_path, sha256, size_bytes, format, source, "
                        + "snapshot_date, requested_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", Long.class,
                file.name(), file.path().toString(), file.sha256(), file.sizeBytes(), file.format().name(),
                file.format().source() == null ? "DPD" : file.format().source().name(),
                file.snapshotDate() == null ? null : java.sql.Date.valueOf(file.snapshotDate()), requestedBy);
    }

    public Optional<IngestionRun> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM ingestion_run WHERE id = ?", IngestionRuns::run, id).stream()
                .findFirst();
    }

    /** The latest run of a file with this content that did not complete, to be resumed rather than started anew. */
    public Optional<IngestionRun> unfinished(String sha256) {
        return jdbc.query("SELECT " + COLUMNS + " FROM ingestion_run WHERE sha256 = ? AND status <> 'COMPLETED' "
                + "ORDER BY id DESC LIMIT 1", IngestionRuns::run, sha256).stream().findFirst();
    }

    /** Whether a file with this content was ingested to the end before. */
    public boolean completed(String sha256) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM ingestion_run WHERE sha256 = ? "
                + "AND status = 'COMPLETED')", Boolean.class, sha256));
    }

    public List<IngestionRun> running() {
        return jdbc.query("SELECT " + COLUMNS + " FROM ingestion_run WHERE status IN ('QUEUED', 'RUNNING') ORDER BY id",
                IngestionRuns::run);
    }

    public void started(long id, long jobExecutionId) {
        jdbc.update("UPDATE ingestion_run SET status = 'RUNNING', message = NULL, job_execution_id = ?, "
                + "started_at = coalesce(started_at, now()), finished_at = NULL WHERE id = ?", jobExecutionId, id);
    }

    public void finished(long id, boolean completed, String message) {
        jdbc.update("UPDATE ingestion_run SET status = ?, message = ?, finished_at = now() WHERE id = ?",
                completed ? "COMPLETED" : "FAILED", message, id);
    }

    /** Adds one chunk's counts; runs in the chunk's transaction, so the counts always match what was written. */
    public void count(long id, long inserted, long updated, long unchanged, long rejected) {
        jdbc.update("UPDATE ingestion_run SET read_count = read_count + ?, inserted_count = inserted_count + ?, "
                        + "updated_count = updated_count + ?, unchanged_count = unchanged_count + ?, "
                        + "rejected_count = rejected_count + ? WHERE id = ?",
                inserted + updated + unchanged + rejected, inserted, updated, unchanged, rejected, id);
    }

    /**
     * Whether a run of the same source other than {@code id} has inserted reports at or after {@code since}: it is
     * still running with reports inserted, or it ended then (its chunks' inserts commit with its counts, before it
     * ends). A run left RUNNING by a JVM that died counts too, to be safe.
     */
    public boolean othersInserted(long id, ShortageSource source, java.sql.Timestamp since) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM ingestion_run WHERE source = ? "
                + "AND id <> ? AND inserted_count > 0 AND (status = 'RUNNING' OR finished_at >= ?))", Boolean.class,
                source.name(), id, since));
    }

    public void closedAndLinked(long id, long closed, long linked, long unmatched) {
        jdbc.update("UPDATE ingestion_run SET closed_count = ?, linked_count = ?, unmatched_count = ? WHERE id = ?",
                closed, linked, unmatched, id);
    }

    private static IngestionRun run(ResultSet rs, int row) throws SQLException {
        java.sql.Date snapshot = rs.getDate("snapshot_date");
        return new IngestionRun(rs.getLong("id"), rs.getString("file_name"), rs.getString("file_path"),
                rs.getString("sha256"), rs.getLong("size_bytes"), SourceFormat.valueOf(rs.getString("format")),
                snapshot == null ? null : snapshot.toLocalDate(), IngestionRun.Status.valueOf(rs.getString("status")),
                rs.getString("message"), rs.getLong("read_count"), rs.getLong("inserted_count"),
                rs.getLong("updated_count"), rs.getLong("unchanged_count"), rs.getLong("rejected_count"),
                rs.getLong("closed_count"), (Long) rs.getObject("linked_count"), (Long) rs.getObject("unmatched_count"),
                (Long) rs.getObject("job_execution_id"), rs.getObject("requested_at", OffsetDateTime.class),
                rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class));
    }

    static LocalDate date(java.sql.Date date) {
        return date == null ? null : date.toLocalDate();
    }
}
