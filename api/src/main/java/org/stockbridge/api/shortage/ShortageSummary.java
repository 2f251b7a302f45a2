package org.stockbridge.api.shortage;

import java.time.LocalDate;
import java.util.List;

/**
 * Active reports (lifecycle ACTIVE, still listed by their source, of a source that still reports) by country, by ATC
 * class (the 3-character therapeutic subgroup of the report's ATC code, else of the DPD's for its DIN) and by reason;
 * new reports per month of their creation at the source, by country; and how fresh each source is.
 */
record ShortageSummary(LocalDate asOf, List<Count> activeByCountry, List<Count> activeByAtcClass,
                       List<Count> activeByReason, List<Month> newPerMonth, ShortageFreshness freshness) {

    record Count(String country, String key, long reports) {
    }

    record Month(String month, String country, long reports) {
    }
}
