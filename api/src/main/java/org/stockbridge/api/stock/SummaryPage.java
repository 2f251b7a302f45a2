package org.stockbridge.api.stock;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.List;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;

/**
 * One page of the national summary: a {@link Page} of entries and how fresh their totals are. The schema keeps the
 * name of the page it extends ({@code asOf} was added to it).
 *
 * @param asOf the instant the totals describe: every post committed before it is counted. The moment of the read
 *             when the summary was computed for it; the last refresh of the national rollup otherwise
 *             (docs/ledger.md, national totals)
 */
@Schema(name = "PageSummaryEntry")
record SummaryPage(List<SummaryEntry> items, String nextCursor, int limit, OffsetDateTime asOf) {

    static SummaryPage of(List<Keyed<SummaryEntry>> rowsPlusOne, PageRequest request, OffsetDateTime asOf) {
        Page<SummaryEntry> page = Page.of(rowsPlusOne, request);
        return new SummaryPage(page.items(), page.nextCursor(), page.limit(), asOf);
    }
}
