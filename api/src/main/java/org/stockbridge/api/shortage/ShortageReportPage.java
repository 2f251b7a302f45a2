package org.stockbridge.api.shortage;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.stockbridge.api.web.Page;

/**
 * One page of shortage reports: a {@link Page} of them and how fresh each source is, so a list never shows reports
 * without saying how far its sources run. The schema keeps the name of the page it extends.
 *
 * @param freshness how fresh each source is, as {@code /shortage-reports/freshness} states it, whatever the filters
 */
@Schema(name = "PageShortageReportView")
record ShortageReportPage(List<ShortageReportView> items, String nextCursor, int limit, ShortageFreshness freshness) {

    static ShortageReportPage of(Page<ShortageReportView> page, ShortageFreshness freshness) {
        return new ShortageReportPage(page.items(), page.nextCursor(), page.limit(), freshness);
    }
}
