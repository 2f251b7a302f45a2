package org.stockbridge.api.shortage;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One report with every field its sources gave (the main ones in {@code report}, the rest such as strengths, dosage
 * form, route, packaging and comments in {@code details}), its links to catalogue products and equivalence groups (with the
 * method that matched), and its versions, newest first: each names the run that made it and what changed
 * ({@code field: [before, after]}); version 1 is the report as first ingested. And how fresh each source is, the
 * report's own among them, so a reader knows how far the data it was read from runs.
 */
record ShortageReportDetail(ShortageReportView report, Map<String, String> details, List<Link> links,
                            List<Version> versions, ShortageFreshness freshness) {

    record Link(String productCode, String productName, String equivalenceGroupCode, String equivalenceGroupName,
                String matchMethod) {
    }

    record Version(int version, String kind, long runId, OffsetDateTime recordedAt,
                   Map<String, List<String>> changes) {
    }
}
