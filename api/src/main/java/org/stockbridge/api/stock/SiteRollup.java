package org.stockbridge.api.stock;

import static org.stockbridge.api.persistence.Columns.timestamp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Readable;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.stockbridge.api.persistence.FilteredQuery;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.persistence.Reads;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.batch.ledger.LotExpirySql;
import org.stockbridge.domain.Jurisdiction;
import reactor.core.publisher.Mono;

/**
 * The national view's per-(site, product) rollup (V56, V58): each (site, product) with stock, a stock policy or outflow
 * in the window, its on hand, usable on hand, 28-day outflow and 28-day issues (the summary's rollup is aggregated from
 * these rows), rebuilt by {@link SummaryRollup}'s refresh in the same transaction, under
 * the same lock, and stamped by the same row of {@code stock_summary_refresh}. {@code GET /stock/by-site} and
 * {@code GET /stock/below-policy} read their pages from it under the same rule as the summary: a rollup older than
 * {@link RollupServing#MAX_AGE_PERIODS} refresh periods or of another UTC day is not served, and the page is computed
 * live. The rows are per site, so a caller limited to sites reads them too, filtered to its sites exactly. Each read
 * is counted by endpoint and by where its answer came from ({@code stockbridge.stock.site-rollup.reads}).
 */
@Component
class SiteRollup {

    // Built first in the refresh's transaction; the summary's rollup is then built from these rows. The window's
    // outflow is read product by product (a lateral subquery per product) so that each is a range of outflow_day's
    // (product_id, day) index. The outflow counted is what the live by-site walk counts (unreversed issues and
    // transfers out); the issues alone are what the summary counts. A pair is kept when it has stock, a policy or
    // outflow in the window. The sums fit a bigint: a balance holds at most 10^13 units (Quantities, V60), so up to
    // 922,337 balances at that bound, far more than one site holds of a product.
    static final String REBUILD = """
            INSERT INTO stock_site_rollup (site_id, product_id, on_hand, usable_on_hand, outflow, issued)
            WITH h AS (
                SELECT b.site_id, b.product_id, sum(b.on_hand)::bigint AS on_hand,
                       coalesce(sum(b.on_hand) FILTER (WHERE %s), 0)::bigint AS usable
                  FROM balance b JOIN site s ON s.id = b.site_id JOIN lot l ON l.id = b.lot_id
                 WHERE b.on_hand > 0
                 GROUP BY b.site_id, b.product_id
            ), o AS (
                SELECT t.site_id, mp.id AS product_id, t.outflow, t.issued
                  FROM product mp
                  CROSS JOIN LATERAL (
                    SELECT d.site_id, sum(d.issued + d.transferred_out)::bigint AS outflow,
                           sum(d.issued)::bigint AS issued
                      FROM outflow_day d
                     WHERE d.product_id = mp.id AND d.day >= :windowFirstDay AND d.day <= :day
                     GROUP BY d.site_id
                  ) t
            ), k AS (
                SELECT site_id, product_id FROM h
                UNION
                SELECT site_id, product_id FROM stock_policy
                UNION
                SELECT site_id, product_id FROM o
            )
            SELECT k.site_id, k.product_id, coalesce(h.on_hand, 0), coalesce(h.usable, 0), coalesce(o.outflow, 0),
                   coalesce(o.issued, 0)
              FROM k
              LEFT JOIN h ON h.site_id = k.site_id AND h.product_id = k.product_id
              LEFT JOIN o ON o.site_id = k.site_id AND o.product_id = k.product_id""".formatted(LotExpirySql.USABLE);

    private final DatabaseClient client;
    private final Reads reads;
    private final RollupServing serving;
    private final Counter bySiteFromRollup;
    private final Counter bySiteLive;
    private final Counter belowFromRollup;
    private final Counter belowLive;

    SiteRollup(DatabaseClient client, Reads reads, MeterRegistry meters, RollupServing serving) {
        this.client = client;
        this.reads = reads;
        this.serving = serving;
        this.bySiteFromRollup = reads(meters, "by-site", "rollup");
        this.bySiteLive = reads(meters, "by-site", "live");
        this.belowFromRollup = reads(meters, "below-policy", "rollup");
        this.belowLive = reads(meters, "below-policy", "live");
    }

    private static Counter reads(MeterRegistry meters, String endpoint, String source) {
        return Counter.builder("stockbridge.stock.site-rollup.reads")
                .description("By-site and below-policy reads, by endpoint and by where the answer came from")
                .tag("endpoint", endpoint).tag("source", source).register(meters);
    }

    /** Replaces the rows with today's; joins the caller's transaction. */
    Mono<Long> rebuild(LocalDate day) {
        return client.sql("DELETE FROM stock_site_rollup").fetch().rowsUpdated()
                .then(client.sql(REBUILD).bind("day", day)
                        .bind("windowFirstDay", day.minusDays(Consumption.WINDOW_DAYS - 1L))
                        .fetch().rowsUpdated());
    }

    /** A page of {@code GET /stock/by-site} from the rollup when it may answer, else {@code live}'s. */
    Mono<SiteSupplyPage> bySiteOr(Mono<SiteSupplyPage> live, Long groupId, Long productId, String kind,
                                  String jurisdiction, LocalDate day, Long[] visibleSites, PageRequest page) {
        boolean additive = groupId != null || productId != null;
        // The product is looked up by its key for each row (OFFSET 0 keeps the planner from turning that into a hash
        // join that scans the whole product table again for every site walked: five times slower at 10x).
        return serving.answerOr(Mono.defer(() -> stamped(StockRepository.siteSupplyQuery(RollupServing.OPEN, """
                                SELECT p.code, r.on_hand, r.usable_on_hand AS usable, r.outflow AS issued
                                  FROM stock_site_rollup r
                                  CROSS JOIN LATERAL (
                                    SELECT q.code, q.id, q.equivalence_group_id, q.kind
                                      FROM product q WHERE q.id = r.product_id OFFSET 0
                                  ) p""",
                        List.of("r.site_id = s.id", "r.on_hand > 0"), "", groupId, productId, kind, jurisdiction,
                        visibleSites, page, RollupServing.close("", "x.id")), day,
                row -> row.get("id") == null ? null : StockRepository.siteSupplyRow(row, additive))
                .map(stamped -> SiteSupplyPage.of(stamped.rows(), page, stamped.refreshedAt()))),
                live, bySiteFromRollup, bySiteLive);
    }

    /** A page of {@code GET /stock/below-policy} from the rollup when it may answer, else {@code live}'s. */
    Mono<BelowPolicyPage> belowPolicyOr(Mono<BelowPolicyPage> live, Jurisdiction jurisdiction, String siteCode,
                                        LocalDate day, Long[] visibleSites, PageRequest page) {
        // A policy set since the refresh has no rollup row when its pair held nothing then (every pair holding stock
        // at the refresh has one): it is read as holding nothing, as of the rollup, not left out until the next one.
        return serving.answerOr(Mono.defer(() -> stamped(StockRepository.belowPolicyQuery(RollupServing.OPEN, """
                                CROSS JOIN LATERAL (
                                    SELECT coalesce(max(r.on_hand), 0)::bigint AS on_hand,
                                           coalesce(max(r.usable_on_hand), 0)::bigint AS usable_on_hand
                                      FROM stock_site_rollup r
                                     WHERE r.site_id = sp.site_id AND r.product_id = sp.product_id
                                ) st""",
                        jurisdiction, siteCode, visibleSites, page,
                        RollupServing.close("", "x.site_id, x.product_id")), day,
                row -> row.get("site_id") == null ? null : StockRepository.belowPolicyRow(row))
                .map(stamped -> BelowPolicyPage.of(stamped.rows(), page, stamped.refreshedAt()))),
                live, belowFromRollup, belowLive);
    }

    /**
     * The rows of a stamped page query: none when the rollup may not be served, else the stamp and the page's rows
     * (one row without an item when the page is empty).
     */
    private <T> Mono<RollupServing.Stamped<T>> stamped(FilteredQuery query, LocalDate day,
                                                       Function<Readable, Keyed<T>> item) {
        return query.bind("day", day)
                .fetch(reads.client(),
                        row -> new RollupServing.Row<>(timestamp(row, "refreshed_at"), item.apply(row)))
                .collectList()
                .filter(rows -> !rows.isEmpty())
                .map(RollupServing.Stamped::of);
    }
}
