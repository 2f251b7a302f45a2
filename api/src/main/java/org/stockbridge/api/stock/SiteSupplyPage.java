package org.stockbridge.api.stock;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.List;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;

/**
 * One page of the by-site map: a {@link Page} of sites and how fresh their figures are. The schema keeps the name of
 * the page it extends ({@code asOf} was added to it).
 *
 * @param asOf the instant the figures describe: every post committed before it is counted. The last refresh of the
 *             national rollup, or the moment of the read when the page was computed for it (docs/ledger.md, national
 *             totals)
 */
@Schema(name = "PageSiteSupply")
record SiteSupplyPage(List<SiteSupply> items, String nextCursor, int limit, OffsetDateTime asOf) {

    static SiteSupplyPage of(List<Keyed<SiteSupply>> rowsPlusOne, PageRequest request, OffsetDateTime asOf) {
        Page<SiteSupply> page = Page.of(rowsPlusOne, request);
        return new SiteSupplyPage(page.items(), page.nextCursor(), page.limit(), asOf);
    }
}
