package org.stockbridge.api.stock;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.List;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.web.Page;
import org.stockbridge.api.web.PageRequest;

/**
 * One page of the (site, product) pairs below their stock policy, and how fresh their stock figures are. The schema
 * keeps the name of the page it extends ({@code asOf} was added to it).
 *
 * @param asOf the instant the stock figures describe: every post committed before it is counted. The last refresh of
 *             the national rollup, or the moment of the read when the page was computed for it; the policies are
 *             read as they are at the read (docs/ledger.md, national totals)
 */
@Schema(name = "PageBelowPolicy")
record BelowPolicyPage(List<BelowPolicy> items, String nextCursor, int limit, OffsetDateTime asOf) {

    static BelowPolicyPage of(List<Keyed<BelowPolicy>> rowsPlusOne, PageRequest request, OffsetDateTime asOf) {
        Page<BelowPolicy> page = Page.of(rowsPlusOne, request);
        return new BelowPolicyPage(page.items(), page.nextCursor(), page.limit(), asOf);
    }
}
