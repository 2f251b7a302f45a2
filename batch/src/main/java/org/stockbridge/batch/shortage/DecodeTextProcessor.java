package org.stockbridge.batch.shortage;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.text.StringEscapeUtils;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.stockbridge.batch.ingest.SourceRecord;

/**
 * Rule: text as the sources meant it. The DSC exports escape HTML entities, sometimes twice
 * ({@code AC&amp;amp;C TABLETS}); they are decoded until none is left.
 */
final class DecodeTextProcessor implements ItemProcessor<SourceRecord, SourceRecord> {

    @Override
    public SourceRecord process(SourceRecord record) {
        if (record.error() != null) {
            return record;
        }
        Map<String, String> decoded = null;
        for (Map.Entry<String, String> value : record.values().entrySet()) {
            String text = value.getValue();
            if (text != null && text.indexOf('&') >= 0) {
                if (decoded == null) {
                    decoded = new LinkedHashMap<>(record.values());
                }
                decoded.put(value.getKey(), decode(text));
            }
        }
        return decoded == null ? record : record.withValues(decoded);
    }

    static String decode(String text) {
        String current = text;
        for (int i = 0; i < 3; i++) {
            String next = StringEscapeUtils.unescapeHtml4(current);
            if (next.equals(current)) {
                break;
            }
            current = next;
        }
        return current;
    }
}
