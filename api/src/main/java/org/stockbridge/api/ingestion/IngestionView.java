package org.stockbridge.api.ingestion;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * An ingestion run and its live counts. While it runs, the counts grow chunk by chunk; always
 * {@code read = inserted + updated + unchanged + rejected}.
 */
record IngestionView(long id, String fileName, String sha256, long sizeBytes, String format, String formatDescription,
                     LocalDate snapshotDate, String status, String message, Counts counts, OffsetDateTime requestedAt,
                     OffsetDateTime startedAt, OffsetDateTime finishedAt) {

    record Counts(long read, long inserted, long updated, long unchanged, long rejected, long closed, Long linked,
                  Long unmatched) {
    }
}
