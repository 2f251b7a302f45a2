package org.stockbridge.batch.ingest;

import java.util.Map;

/**
 * One record of a source file as read: its 1-based number in the file, the line it starts on (null for JSON), its raw
 * content (re-quoted CSV or the JSON object) and its values by the source's own column or field names. {@code error}
 * says why a record could not be read into values; such a record is rejected, never dropped.
 */
public record SourceRecord(long number, Long line, String raw, Map<String, String> values, String error) {

    public static SourceRecord unreadable(long number, Long line, String raw, String error) {
        return new SourceRecord(number, line, raw, Map.of(), error);
    }

    public SourceRecord withValues(Map<String, String> newValues) {
        return new SourceRecord(number, line, raw, newValues, error);
    }
}
