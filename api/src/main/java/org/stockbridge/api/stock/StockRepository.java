package org.stockbridge.api.stock;

import static org.stockbridge.api.persistence.Columns.bool;
import static org.stockbridge.api.persistence.Columns.date;
import static org.stockbridge.api.persistence.Columns.longValue;
import static org.stockbridge.api.persistence.Columns.nullableLong;
import static org.stockbridge.api.persistence.Columns.string;
import static org.stockbridge.api.persistence.Columns.strings;
import static org.stockbridge.api.persistence.Columns.timestamp;

import io.r2dbc.spi.Readable;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.stockbridge.api.persistence.Columns;
import org.stockbridge.api.persistence.FilteredQuery;
import org.stockbridge.api.persistence.Keyed;
import org.stockbridge.api.persistence.LedgerSql;
import org.stockbridge.batch.ledger.LotExpirySql;
import org.stockbridge.api.persistence.Reads;
import org.stockbridge.api.persistence.SqlResources;
import org.stockbridge.api.site.SiteRef;
import org.stockbridge.api.web.Cursor;
import org.stockbridge.api.web.PageRequest;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ledger.LotStatus;
import org.stockbridge.domain.ledger.LotStock;
import org.stockbridge.domain.ledger.SiteContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads of balances, lots, stock policies and issues. Balances are read as the ledger left them; nothing here writes.
 * The SQL expressions below mirror {@link LotStock#effectiveExpiry(SiteContext)} and
 * {@link LotStock#issuable(SiteContext, LocalDate)} for filters and totals that must run in the database; they need
 * the aliases {@code s} (site) and {@code l} (lot), and {@code :day} bound for usability.
 */
@Repository
class StockRepository {

    /** Released and not past its effective expiry on {@code :day}. */
    static final String USABLE = LotExpirySql.USABLE;

    /**
     * The totals of one national summary entry over its rows {@code h} (stock on hand above zero, with its usable
     * part, its site and the site's jurisdiction, its product's code and unit: a balance in the live summary, a
     * (site, product) of the per-site rollup in the summary's rollup): on hand and usable per country, sites and
     * products per country, units. The live summary and its rollup both select them, so the two cannot drift apart.
     * The {@code ::bigint} casts of these sums (and of every sum of balances in this class) cannot overflow: a balance
     * holds at most 10^13 units ({@code Quantities}, V60), so a sum stays below 2^63 for up to 922,337 balances at that
     * bound (10^13 x 922,337 < 9.22 x 10^18), far beyond any real stockpile's count of such lots.
     */
    static final String ENTRY_TOTALS = """
            coalesce(sum(h.on_hand) FILTER (WHERE h.jurisdiction = 'US'), 0)::bigint AS us_on_hand,
            coalesce(sum(h.usable_on_hand) FILTER (WHERE h.jurisdiction = 'US'), 0)::bigint AS us_usable_on_hand,
            count(DISTINCT h.site_id) FILTER (WHERE h.jurisdiction = 'US') AS us_sites,
            array_agg(DISTINCT h.product_code ORDER BY h.product_code) FILTER (WHERE h.jurisdiction = 'US') AS us_products,
            coalesce(sum(h.on_hand) FILTER (WHERE h.jurisdiction = 'CA'), 0)::bigint AS ca_on_hand,
            coalesce(sum(h.usable_on_hand) FILTER (WHERE h.jurisdiction = 'CA'), 0)::bigint AS ca_usable_on_hand,
            count(DISTINCT h.site_id) FILTER (WHERE h.jurisdiction = 'CA') AS ca_sites,
            array_agg(DISTINCT h.product_code ORDER BY h.product_code) FILTER (WHERE h.jurisdiction = 'CA') AS ca_products,
            array_agg(DISTINCT h.unit_of_issue ORDER BY h.unit_of_issue) AS units""";
    /** ISSUE lines that no reversal has undone. */
    static final String UNREVERSED_ISSUE = LedgerSql.UNREVERSED_ISSUE;

    /** The sites a partner may see (bound only for callers limited to their own sites). */
    static final String VISIBLE = "s.id = ANY(:visibleSites)";

    private static final SqlResources.Template SITE_STOCK =
            SqlResources.template("org/stockbridge/api/stock/site-stock.sql");

    private final DatabaseClient client;
    private final Reads reads;

    StockRepository(DatabaseClient client, Reads reads) {
        this.client = client;
        this.reads = reads;
    }

    Mono<Long> groupId(String code) {
        return client.sql("SELECT id FROM equivalence_group WHERE code = :code").bind("code", code)
                .map(row -> longValue(row, "id")).one();
    }

    Mono<ProductRef> product(String code) {
        return client.sql("SELECT id, code, name, unit_of_issue FROM product WHERE code = :code")
                .bind("code", code)
                .map(row -> new ProductRef(longValue(row, "id"), string(row, "code"), string(row, "name"),
                        string(row, "unit_of_issue")))
                .one();
    }

    /** A site's balances by (product, lot), each with its product's totals and issues over the window. */
    Flux<Keyed<SiteStockPage.Line>> siteStock(SiteRef site, String productCode, boolean includeEmpty,
                                              OffsetDateTime asOf, int windowDays, PageRequest page) {
        LocalDate day = asOf.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        // The window [asOf - windowDays, asOf) is its whole UTC days, read from the per-day totals, and the part days
        // at either end (none where an end falls on midnight), read from their lines.
        OffsetDateTime windowStart = asOf.minusDays(windowDays).withOffsetSameInstant(ZoneOffset.UTC);
        LocalDate firstWholeDay = windowStart.toLocalTime().equals(LocalTime.MIDNIGHT) ? windowStart.toLocalDate()
                : windowStart.toLocalDate().plusDays(1);
        Set<String> switches = new HashSet<>();
        if (productCode != null) {
            switches.add("product");
        }
        if (!includeEmpty) {
            switches.add("stocked");
        }
        if (!page.cursor().isStart()) {
            switches.add("after");
        }
        DatabaseClient.GenericExecuteSpec spec = client.sql(SITE_STOCK.sql(switches))
                .bind("site", site.id())
                .bind("limit", page.fetchSize())
                .bind("day", day)
                .bind("windowStart", windowStart)
                .bind("firstWholeDayStart", firstWholeDay.atStartOfDay().atOffset(ZoneOffset.UTC))
                .bind("firstWholeDay", firstWholeDay)
                .bind("lastWholeDay", day.minusDays(1))
                .bind("lastPartDayStart", day.atStartOfDay().atOffset(ZoneOffset.UTC))
                .bind("windowEnd", asOf);
        if (productCode != null) {
            spec = spec.bind("product", productCode);
        }
        if (!page.cursor().isStart()) {
            spec = spec.bind("afterProduct", page.cursor().afterKey(0)).bind("afterLot", page.cursor().afterKey(1));
        }
        return spec.map(row -> siteStockLine(row, site.context(), day, windowDays)).all();
    }

    private static Keyed<SiteStockPage.Line> siteStockLine(Readable row, SiteContext site, LocalDate day,
                                                           int windowDays) {
        LotStock lot = new LotStock(longValue(row, "lot_id"), string(row, "lot_number"), date(row, "labelled_expiry"),
                date(row, "extended_expiry"), LotStatus.valueOf(string(row, "status")), longValue(row, "on_hand"));
        long usable = longValue(row, "usable_on_hand");
        long issued = longValue(row, "issued");
        SiteStockPage.ProductPosition product = new SiteStockPage.ProductPosition(string(row, "product_code"),
                string(row, "product_name"), string(row, "unit_of_issue"), longValue(row, "product_on_hand"), usable,
                issued, Consumption.daily(issued, windowDays), Consumption.daysOfSupply(usable, issued, windowDays));
        SiteStockPage.LotPosition position = new SiteStockPage.LotPosition(lot.lotNumber(), lot.labelledExpiry(),
                site.slepApplies() ? lot.extendedExpiry() : null, lot.effectiveExpiry(site), lot.status().name(), lot.issuable(site, day),
                lot.onHand(), longValue(row, "version"), timestamp(row, "updated_at"));
        return Keyed.of(new SiteStockPage.Line(product, position), longValue(row, "product_id"), lot.lotId());
    }

    /** The sites holding a product (some stock on hand), in site order. */
    Flux<Keyed<ProductStockPage.SiteHolding>> productStock(ProductRef product, Jurisdiction jurisdiction,
                                                           LocalDate day, Long[] visibleSites, PageRequest page) {
        return FilteredQuery.select("""
                        SELECT s.id, s.code, s.name, s.jurisdiction, s.region, sum(b.on_hand)::bigint AS on_hand,
                               coalesce(sum(b.on_hand) FILTER (WHERE %s), 0)::bigint AS usable_on_hand,
                               count(*) AS lots
                          FROM balance b JOIN site s ON s.id = b.site_id JOIN lot l ON l.id = b.lot_id"""
                        .formatted(USABLE))
                .where("b.product_id = :product", "product", product.id())
                .where("b.on_hand > 0")
                .where("s.jurisdiction = :jurisdiction", "jurisdiction", jurisdiction == null ? null : jurisdiction.name())
                .where(VISIBLE, "visibleSites", visibleSites)
                .where("s.id > :after", "after", page.cursor().afterKey())
                .then("GROUP BY s.id ORDER BY s.id LIMIT :limit", "limit", page.fetchSize())
                .bind("day", day)
                .fetch(client, row -> new Keyed<>(longValue(row, "id"), new ProductStockPage.SiteHolding(
                        string(row, "code"), string(row, "name"), string(row, "jurisdiction"), string(row, "region"),
                        longValue(row, "on_hand"), longValue(row, "usable_on_hand"), longValue(row, "lots"))));
    }

    /** The product's totals in each jurisdiction, US then CA, zero where it is not held. */
    Mono<List<ProductStockPage.JurisdictionTotal>> productTotals(ProductRef product, LocalDate day,
                                                                 Long[] visibleSites) {
        return FilteredQuery.select("""
                        SELECT s.jurisdiction, sum(b.on_hand)::bigint AS on_hand,
                               coalesce(sum(b.on_hand) FILTER (WHERE %s), 0)::bigint AS usable_on_hand,
                               count(DISTINCT s.id) AS sites
                          FROM balance b JOIN site s ON s.id = b.site_id JOIN lot l ON l.id = b.lot_id"""
                        .formatted(USABLE))
                .where("b.product_id = :product", "product", product.id())
                .where("b.on_hand > 0")
                .where(VISIBLE, "visibleSites", visibleSites)
                .then("GROUP BY s.jurisdiction")
                .bind("day", day)
                .fetch(client, row -> new ProductStockPage.JurisdictionTotal(string(row, "jurisdiction"), longValue(row, "on_hand"),
                        longValue(row, "usable_on_hand"), longValue(row, "sites")))
                .collectList()
                .map(found -> List.of(Jurisdiction.US, Jurisdiction.CA).stream()
                        .map(j -> found.stream().filter(t -> t.jurisdiction().equals(j.name())).findFirst()
                                .orElse(new ProductStockPage.JurisdictionTotal(j.name(), 0, 0, 0)))
                        .toList());
    }

    /**
     * The national summary: one entry per equivalence group with stock somewhere, then one per product with stock
     * that belongs to no group; keyed by (0, group id) or (1, product id). Each entry's issues are the unreversed
     * issues of the window's 28 UTC days, read from the per-day totals the ledger keeps ({@code outflow_day}, V53) in
     * one pass over the page's products, not one per entry (docs/benchmarks/scale.md).
     */
    Flux<Keyed<SummaryEntry>> summary(String kind, String atcPrefix, LocalDate day, Long[] visibleSites,
                                      PageRequest page) {
        return FilteredQuery.select("""
                        WITH e AS (
                            SELECT h.entry_kind, h.entry_id,
                                   %s
                              FROM (
                                SELECT CASE WHEN p.equivalence_group_id IS NULL THEN 1 ELSE 0 END AS entry_kind,
                                       coalesce(p.equivalence_group_id, p.id) AS entry_id, p.code AS product_code,
                                       p.unit_of_issue, s.jurisdiction, s.id AS site_id, b.on_hand,
                                       CASE WHEN %s THEN b.on_hand ELSE 0 END AS usable_on_hand
                                  FROM balance b JOIN site s ON s.id = b.site_id JOIN lot l ON l.id = b.lot_id
                                  JOIN product p ON p.id = b.product_id
                                  LEFT JOIN equivalence_group g ON g.id = p.equivalence_group_id""".formatted(ENTRY_TOTALS, USABLE))
                .where("b.on_hand > 0")
                .where("p.kind = :kind", "kind", kind)
                .where("coalesce(g.atc_code, p.atc_code) LIKE :atc", "atc", atcPrefix == null ? null : atcPrefix + "%")
                .where(VISIBLE, "visibleSites", visibleSites)
                .where("(CASE WHEN p.equivalence_group_id IS NULL THEN 1 ELSE 0 END, "
                        + "coalesce(p.equivalence_group_id, p.id)) > (:afterKind, :afterEntry)",
                        after(page.cursor(), "afterKind", "afterEntry"))
                .then("""
                              ) h
                             GROUP BY h.entry_kind, h.entry_id
                             ORDER BY h.entry_kind, h.entry_id
                             LIMIT :limit
                        ), c AS (
                            SELECT x.entry_kind, x.entry_id,
                                   sum(t.issued) FILTER (WHERE ms.jurisdiction = 'US')::bigint AS us_issued,
                                   sum(t.issued) FILTER (WHERE ms.jurisdiction = 'CA')::bigint AS ca_issued
                              FROM (SELECT mp.id, CASE WHEN mp.equivalence_group_id IS NULL THEN 1 ELSE 0 END AS entry_kind,
                                           coalesce(mp.equivalence_group_id, mp.id) AS entry_id
                                      FROM product mp) x
                              JOIN outflow_day t ON t.product_id = x.id
                              JOIN site ms ON ms.id = t.site_id
                             WHERE (x.entry_kind, x.entry_id) IN (SELECT entry_kind, entry_id FROM e)
                               AND t.day >= :windowFirstDay AND t.day <= :day
                               AND (NOT :restricted OR ms.id = ANY(:allowedSites))
                             GROUP BY x.entry_kind, x.entry_id
                        )
                        SELECT e.*, coalesce(c.us_issued, 0) AS us_issued, coalesce(c.ca_issued, 0) AS ca_issued,
                               g.code AS group_code, g.name AS group_name, g.atc_code AS group_atc, g.essential, p.code AS product_code, p.name AS product_name,
                               p.atc_code AS product_atc
                          FROM e
                          LEFT JOIN equivalence_group g ON e.entry_kind = 0 AND g.id = e.entry_id
                          LEFT JOIN product p ON e.entry_kind = 1 AND p.id = e.entry_id
                          LEFT JOIN c ON c.entry_kind = e.entry_kind AND c.entry_id = e.entry_id
                         ORDER BY e.entry_kind, e.entry_id""")
                .bind("limit", page.fetchSize())
                .bind("day", day)
                .bind("windowFirstDay", day.minusDays(Consumption.WINDOW_DAYS - 1L))
                .bind("restricted", visibleSites != null)
                .bind("allowedSites", visibleSites == null ? new Long[0] : visibleSites)
                .fetch(reads.client(), StockRepository::summaryEntry);
    }

    /** An entry of the summary from a row with the live query's columns (the rollup's rows have them too). */
    static Keyed<SummaryEntry> summaryEntry(Readable row) {
        long kind = ((Number) row.get("entry_kind")).longValue();
        List<String> units = strings(row, "units");
        SummaryEntry entry = new SummaryEntry(
                kind == 0 ? new SummaryEntry.Group(string(row, "group_code"), string(row, "group_name"),
                        string(row, "group_atc"), bool(row, "essential")) : null,
                kind == 1 ? new SummaryEntry.Product(string(row, "product_code"), string(row, "product_name"),
                        string(row, "product_atc")) : null,
                country(longValue(row, "us_on_hand"), longValue(row, "us_usable_on_hand"), longValue(row, "us_sites"),
                        strings(row, "us_products"), nullableLong(row, "us_issued")),
                country(longValue(row, "ca_on_hand"), longValue(row, "ca_usable_on_hand"), longValue(row, "ca_sites"),
                        strings(row, "ca_products"), nullableLong(row, "ca_issued")),
                units, unitsNote(units));
        return Keyed.of(entry, kind, longValue(row, "entry_id"));
    }

    private static SummaryEntry.CountryStock country(long onHand, long usable, long sites, List<String> products,
                                                     Long issued) {
        long units = issued == null ? 0 : issued;
        return new SummaryEntry.CountryStock(onHand, usable, sites, products, units,
                Consumption.daily(units, Consumption.WINDOW_DAYS),
                Consumption.daysOfSupply(usable, units, Consumption.WINDOW_DAYS));
    }

    static String unitsNote(List<String> units) {
        if (units.size() <= 1) {
            return "on hand in units of issue (" + String.join("", units) + ")";
        }
        return "on hand adds different units of issue (" + String.join(", ", units)
                + "); compare the products, not only the totals";
    }

    /**
     * Lots with stock whose effective expiry at their site is on or before {@code until}, soonest first. The balance
     * keeps its lot's effective expiry at its site ({@code balance.effective_expiry}, V57, by the rule of
     * {@link LotExpirySql#EFFECTIVE_EXPIRY}), and the balances with stock are indexed in this list's order, whole
     * ({@code balance_expiring_idx}) and per site ({@code balance_site_expiring_idx}), so a page walks its own rows in
     * order and stops at its limit: a jurisdiction filters the national walk, a site reads its own balances in order.
     * A caller limited to sites takes at most a page from each of its sites, each in order, and sorts those alone,
     * so its page costs its sites' rows, not the country's (docs/benchmarks/scale.md).
     */
    Flux<Keyed<ExpiringLot>> expiring(LocalDate today, LocalDate until, Jurisdiction jurisdiction, String siteCode,
                                      Long[] visibleSites, PageRequest page) {
        Map<String, Object> after = page.cursor().isStart() ? null : Map.of(
                "afterExpiry", page.cursor().afterDay(0),
                "afterSite", page.cursor().afterKey(1), "afterLot", page.cursor().afterKey(2));
        String columns = """
                SELECT b.site_id, b.lot_id, b.on_hand, s.code AS site_code, s.name AS site_name, s.jurisdiction,
                       p.code AS product_code, p.name AS product_name, p.unit_of_issue, l.lot_number,
                       l.labelled_expiry, %s AS extended_expiry, l.status, b.effective_expiry
                """.formatted(LotExpirySql.EXTENDED_EXPIRY);
        String joins = " JOIN site s ON s.id = b.site_id JOIN lot l ON l.id = b.lot_id JOIN product p ON p.id = b.product_id";
        String key = "(b.effective_expiry, b.site_id, b.lot_id) > (:afterExpiry, :afterSite, :afterLot)";
        FilteredQuery query;
        if (visibleSites == null) {
            query = FilteredQuery.select(columns + " FROM balance b" + joins)
                    .where("b.in_stock")
                    .where("b.effective_expiry <= :until", "until", until)
                    .where(key, after);
        } else {
            query = FilteredQuery.select(columns + """
                             FROM (SELECT DISTINCT unnest(CAST(:visibleSites AS bigint[])) AS site_id) v
                            CROSS JOIN LATERAL (SELECT * FROM balance b""")
                    .bind("visibleSites", visibleSites)
                    .where("b.site_id = v.site_id")
                    .where("b.in_stock")
                    .where("b.effective_expiry <= :until", "until", until)
                    .where("b.effective_expiry >= :afterExpiry AND " + key, after)
                    .next(" ORDER BY b.effective_expiry, b.lot_id LIMIT :limit) b" + joins);
        }
        return query
                .where("s.jurisdiction = :jurisdiction", "jurisdiction", jurisdiction == null ? null : jurisdiction.name())
                .where("b.site_id = (SELECT id FROM site WHERE code = :siteCode)", "siteCode", siteCode)
                .then("ORDER BY b.effective_expiry, b.site_id, b.lot_id LIMIT :limit", "limit", page.fetchSize())
                .fetch(reads.client(), row -> {
                    LocalDate effective = date(row, "effective_expiry");
                    ExpiringLot lot = new ExpiringLot(string(row, "site_code"), string(row, "site_name"),
                            string(row, "jurisdiction"), string(row, "product_code"), string(row, "product_name"),
                            string(row, "unit_of_issue"), string(row, "lot_number"), date(row, "labelled_expiry"),
                            date(row, "extended_expiry"), effective, string(row, "status"), longValue(row, "on_hand"),
                            ChronoUnit.DAYS.between(today, effective), effective.isBefore(today));
                    return Keyed.of(lot, effective.toEpochDay(), longValue(row, "site_id"), longValue(row, "lot_id"));
                });
    }

    /** (site, product) pairs with a stock policy whose usable stock is below the reorder point. */
    Flux<Keyed<BelowPolicy>> belowPolicy(LocalDate day, Jurisdiction jurisdiction, String siteCode,
                                         Long[] visibleSites, PageRequest page) {
        return belowPolicyQuery("", """
                         CROSS JOIN LATERAL (
                            SELECT coalesce(sum(b.on_hand), 0)::bigint AS on_hand,
                                   coalesce(sum(b.on_hand) FILTER (WHERE %s), 0)::bigint AS usable_on_hand
                              FROM balance b JOIN lot l ON l.id = b.lot_id
                             WHERE b.site_id = sp.site_id AND b.product_id = sp.product_id
                         ) st""".formatted(USABLE), jurisdiction, siteCode, visibleSites, page, "")
                .bind("day", day)
                .fetch(client, StockRepository::belowPolicyRow);
    }

    /**
     * The walk of {@link #belowPolicy} over another source of each policy's stock: {@code stock} joins {@code st}, with
     * {@code on_hand} and {@code usable_on_hand}, to the policy {@code sp}; {@code prefix} and {@code suffix} wrap the
     * page's query. {@code :limit} is bound here.
     */
    static FilteredQuery belowPolicyQuery(String prefix, String stock, Jurisdiction jurisdiction, String siteCode,
                                          Long[] visibleSites, PageRequest page, String suffix) {
        return FilteredQuery.select(prefix + """
                        SELECT sp.site_id, sp.product_id, s.code AS site_code, s.name AS site_name, s.jurisdiction,
                               p.code AS product_code, p.name AS product_name, p.unit_of_issue, sp.safety_stock,
                               sp.reorder_point, sp.max_stock, st.on_hand, st.usable_on_hand
                          FROM stock_policy sp JOIN site s ON s.id = sp.site_id JOIN product p ON p.id = sp.product_id
                        """ + stock)
                .where("st.usable_on_hand < sp.reorder_point")
                .where("s.jurisdiction = :jurisdiction", "jurisdiction", jurisdiction == null ? null : jurisdiction.name())
                .where("s.code = :siteCode", "siteCode", siteCode)
                .where(VISIBLE, "visibleSites", visibleSites)
                .where("(sp.site_id, sp.product_id) > (:afterSite, :afterProduct)",
                        after(page.cursor(), "afterSite", "afterProduct"))
                .then("ORDER BY sp.site_id, sp.product_id LIMIT :limit" + suffix, "limit", page.fetchSize());
    }

    /** A pair below its policy from a row of {@link #belowPolicyQuery}. */
    static Keyed<BelowPolicy> belowPolicyRow(Readable row) {
        long safety = longValue(row, "safety_stock");
        long reorder = longValue(row, "reorder_point");
        long usable = longValue(row, "usable_on_hand");
        BelowPolicy below = new BelowPolicy(string(row, "site_code"), string(row, "site_name"),
                string(row, "jurisdiction"), string(row, "product_code"), string(row, "product_name"),
                string(row, "unit_of_issue"), safety, reorder, nullableLong(row, "max_stock"),
                longValue(row, "on_hand"), usable, reorder - usable,
                usable < safety ? BelowPolicy.Level.BELOW_SAFETY_STOCK : BelowPolicy.Level.BELOW_REORDER_POINT);
        return Keyed.of(below, longValue(row, "site_id"), longValue(row, "product_id"));
    }

    /**
     * Each site holding the selected products: totals, trailing outflow (unreversed issues and transfers out of the
     * window's 28 UTC days, from the ledger's per-day totals, {@code outflow_day}) and days of supply, in site order.
     * A keyed walk over the sites: each site's products are aggregated in a lateral subquery (its balances by the
     * balance key, each product's window by the totals' key) and the walk stops at the page's last site, so a page
     * costs the sites walked to fill it: its own, or with a filter that few sites match, every site probed until the
     * page fills, a keyed probe each (docs/benchmarks/scale.md). A null {@code groupId}, {@code productId} and
     * {@code kind} select everything the site holds. {@link SiteRollup} walks the same way over its rows.
     */
    Flux<Keyed<SiteSupply>> siteSupply(Long groupId, Long productId, String kind, String jurisdiction, LocalDate day,
                                       Long[] visibleSites, PageRequest page) {
        boolean additive = groupId != null || productId != null;
        return siteSupplyQuery("", """
                        SELECT p.code, sum(b.on_hand)::bigint AS on_hand,
                               coalesce(sum(b.on_hand) FILTER (WHERE %s), 0)::bigint AS usable,
                               coalesce((SELECT sum(t.issued + t.transferred_out)
                                           FROM outflow_day t
                                          WHERE t.site_id = s.id AND t.product_id = b.product_id
                                            AND t.day >= :windowFirstDay AND t.day <= :day), 0)::bigint AS issued
                          FROM balance b JOIN lot l ON l.id = b.lot_id
                          JOIN product p ON p.id = b.product_id""".formatted(USABLE),
                List.of("b.site_id = s.id", "b.on_hand > 0"), "GROUP BY b.product_id, p.code",
                groupId, productId, kind, jurisdiction, visibleSites, page, "")
                .bind("day", day)
                .bind("windowFirstDay", day.minusDays(Consumption.WINDOW_DAYS - 1L))
                .fetch(reads.client(), row -> siteSupplyRow(row, additive));
    }

    /**
     * The walk of {@link #siteSupply} over another source of a site's products: {@code products} selects, for the site
     * {@code s}, one row per product with its {@code code}, {@code on_hand}, {@code usable} and {@code issued} (from
     * the product {@code p}, filtered by {@code conditions} then by the selection, and grouped by {@code groupBy}).
     * {@code prefix} and {@code suffix} wrap the page's query (the rollup's read puts it in a lateral join to its
     * stamp); {@code :pageLimit} is bound here, whatever else the source and the wrapping use is for the caller.
     */
    static FilteredQuery siteSupplyQuery(String prefix, String products, List<String> conditions, String groupBy,
                                         Long groupId, Long productId, String kind, String jurisdiction,
                                         Long[] visibleSites, PageRequest page, String suffix) {
        FilteredQuery query = FilteredQuery.select(prefix + """
                        SELECT s.id, s.code, s.name, s.jurisdiction, s.kind, s.region, s.latitude, s.longitude, a.*
                          FROM site s
                          CROSS JOIN LATERAL (
                            SELECT count(*) AS products, sum(x.on_hand)::bigint AS on_hand,
                                   sum(x.usable)::bigint AS usable, sum(x.issued)::bigint AS issued,
                                   min(x.days) AS lowest_days,
                                   (array_agg(x.code ORDER BY x.days NULLS LAST, x.code))[1] AS lowest_product
                              FROM (
                                SELECT h.*, CASE WHEN h.issued > 0 THEN round(h.usable * %d.0 / h.issued, 1) END AS days
                                  FROM (
                        """.formatted(Consumption.WINDOW_DAYS) + products);
        for (String condition : conditions) {
            query = query.where(condition);
        }
        return query
                .where("p.equivalence_group_id = :group", "group", groupId)
                .where("p.id = :product", "product", productId)
                .where("p.kind = :kind", "kind", kind)
                .next("""
                                     %s
                                  ) h
                              ) x
                          ) a""".formatted(groupBy))
                .where("a.products > 0")
                .where("s.jurisdiction = :jurisdiction", "jurisdiction", jurisdiction)
                .where(VISIBLE, "visibleSites", visibleSites)
                .where("s.id > :after", "after", page.cursor().isStart() ? null : page.cursor().afterKey())
                .then("ORDER BY s.id LIMIT :pageLimit" + suffix)
                .bind("pageLimit", page.fetchSize());
    }

    /** A site's supply from a row of {@link #siteSupplyQuery}; days of supply only for an additive selection. */
    static Keyed<SiteSupply> siteSupplyRow(Readable row, boolean additive) {
        long usable = longValue(row, "usable");
        long issued = longValue(row, "issued");
        Object lowest = row.get("lowest_days");
        SiteSupply supply = new SiteSupply(string(row, "code"), string(row, "name"),
                string(row, "jurisdiction"), string(row, "kind"), string(row, "region"),
                Columns.decimal(row, "latitude"), Columns.decimal(row, "longitude"),
                (int) longValue(row, "products"), longValue(row, "on_hand"), usable, issued,
                additive ? Consumption.daysOfSupply(usable, issued, Consumption.WINDOW_DAYS) : null,
                lowest == null ? null : ((Number) lowest).doubleValue(), string(row, "lowest_product"));
        return new Keyed<>(longValue(row, "id"), supply);
    }

    /** Units issued per UTC day from {@code from} to {@code to} (both included), zero-filled. */
    Flux<ConsumptionSeries.Day> consumption(SiteRef site, ProductRef product, LocalDate from, LocalDate to) {
        return client.sql("""
                        SELECT (CAST(:from AS date) + n) AS day, coalesce(i.issued, 0)::bigint AS issued
                          FROM generate_series(0, :days) AS n
                          LEFT JOIN (
                            SELECT (m.occurred_at AT TIME ZONE 'UTC')::date AS day, -sum(m.quantity) AS issued
                              FROM movement m
                             WHERE m.site_id = :site AND m.product_id = :product AND %s
                               AND m.occurred_at >= :fromInstant AND m.occurred_at < :toInstant
                             GROUP BY 1
                          ) i ON i.day = CAST(:from AS date) + n
                         ORDER BY n""".formatted(UNREVERSED_ISSUE))
                .bind("from", from)
                .bind("days", (int) ChronoUnit.DAYS.between(from, to))
                .bind("site", site.id())
                .bind("product", product.id())
                .bind("fromInstant", from.atStartOfDay().atOffset(ZoneOffset.UTC))
                .bind("toInstant", to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC))
                .map(row -> new ConsumptionSeries.Day(date(row, "day"), longValue(row, "issued")))
                .all();
    }

    /** Named keyset values of a cursor that is not the start; null (no condition) on the first page. */
    private static Map<String, Object> after(Cursor cursor, String... names) {
        if (cursor.isStart()) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            values.put(names[i], cursor.afterKey(i));
        }
        return values;
    }

    record ProductRef(long id, String code, String name, String unitOfIssue) {
    }
}
