package org.stockbridge.batch.shortage;

import org.stockbridge.batch.ingest.SourceRecord;
import org.stockbridge.domain.shortage.ShortageReport;

/** A record on its way through the ingest step: read into a report, or refused with a reason. */
sealed interface IngestItem {

    /**
     * A record read into a report; {@code moieties} is the ingredient key the linking uses (null when none). The
     * record's own values are not kept: thousands of items wait in a chunk, and only the report is written.
     */
    record Accepted(ShortageReport report, String moieties) implements IngestItem {
    }

    /** A record that will be stored in the reject table with its reason. */
    record Rejected(SourceRecord record, String reason) implements IngestItem {
    }
}
