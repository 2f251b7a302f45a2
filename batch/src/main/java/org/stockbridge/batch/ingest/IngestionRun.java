package org.stockbridge.batch.ingest;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.stockbridge.batch.format.SourceFormat;

/**
 * One ingestion of one file, with its counts: every record read is inserted, updated, unchanged or rejected
 * ({@code read = inserted + updated + unchanged + rejected}); {@code closed} counts reports a full snapshot no longer
 * lists and reports a source that ended left open (archived); {@code linked} and {@code unmatched} count the file's reports with and without a catalogue link.
 */
public record IngestionRun(long id, String fileName, String filePath, String sha256, long sizeBytes,
                           SourceFormat format, LocalDate snapshotDate, Status status, String message, long read,
                           long inserted, long updated, long unchanged, long rejected, long closed, Long linked,
                           Long unmatched, Long jobExecutionId, OffsetDateTime requestedAt, OffsetDateTime startedAt,
                           OffsetDateTime finishedAt) {

    /** Where a run is. */
    public enum Status { QUEUED, RUNNING, COMPLETED, FAILED }

    public boolean finished() {
        return status == Status.COMPLETED || status == Status.FAILED;
    }
}
