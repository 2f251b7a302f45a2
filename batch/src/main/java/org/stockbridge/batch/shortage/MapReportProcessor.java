package org.stockbridge.batch.shortage;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.stockbridge.batch.format.RejectedRecordException;
import org.stockbridge.batch.format.ReportMapper;
import org.stockbridge.batch.format.SourceFormat;
import org.stockbridge.batch.ingest.SourceRecord;

/**
 * Rule: a record becomes a report in the unified model, or is refused with the reason: a record that could not be
 * read, one the mapping rules refuse, and one on which a rule fails in any other way (the failure is the reason), so
 * that no record stops the job.
 */
final class MapReportProcessor implements ItemProcessor<SourceRecord, IngestItem> {

    private final SourceFormat format;

    MapReportProcessor(SourceFormat format) {
        this.format = format;
    }

    @Override
    public IngestItem process(SourceRecord record) {
        if (record.error() != null) {
            return new IngestItem.Rejected(record, "record " + record.error());
        }
        try {
            return new IngestItem.Accepted(ReportMapper.map(format, record.values()), null);
        } catch (RejectedRecordException e) {
            return new IngestItem.Rejected(record, e.getMessage());
        } catch (RuntimeException e) {
            return new IngestItem.Rejected(record, "cannot be mapped: " + e);
        }
    }
}
