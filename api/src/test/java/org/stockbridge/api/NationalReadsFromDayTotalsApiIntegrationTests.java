package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stockbridge.api.LedgerHistoryFixture.items;
import static org.stockbridge.api.LedgerHistoryFixture.json;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.persistence.LedgerSql;
import org.stockbridge.batch.ledger.LotExpirySql;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * The by-site map and the national summary read the ledger's per-day outflow totals (V53); here their answers are
 * compared with the aggregation of the ledger's lines they made before (the SQL below, as it was), on generated
 * history: lines posted through the API in random order of date (so most are dated before lines already posted),
 * reversals of some of them, lines inserted many to a statement as the history loads write them, and lines on both
 * sides of the window's first midnight. Each is read in one page and page by page (the map reads the window for the
 * page's sites only, the summary for the page's products).
 */
@ApiIntegrationTest
@TestPropertySource(properties = "stockbridge.ledger.backdating-window=P400D")
class NationalReadsFromDayTotalsApiIntegrationTests {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

    /** The map's per-site aggregation before V53: every unreversed outflow line of the window. */
    private static final String OLD_SITE_SUPPLY = """
            WITH held AS (
                SELECT b.site_id, b.product_id, sum(b.on_hand)::bigint AS on_hand,
                       coalesce(sum(b.on_hand) FILTER (WHERE %s), 0)::bigint AS usable
                  FROM balance b JOIN lot l ON l.id = b.lot_id JOIN site s ON s.id = b.site_id
                  JOIN product p ON p.id = b.product_id
                 WHERE b.on_hand > 0 AND p.code IN (:products)
                 GROUP BY b.site_id, b.product_id
            ), used AS (
                SELECT m.site_id, m.product_id, -sum(m.quantity)::bigint AS issued
                  FROM movement m
                 WHERE (m.site_id, m.product_id) IN (SELECT site_id, product_id FROM held) AND %s
                   AND m.occurred_at >= :windowStart AND m.occurred_at < :windowEnd
                 GROUP BY m.site_id, m.product_id
            ), position AS (
                SELECT h.*, coalesce(u.issued, 0) AS issued,
                       CASE WHEN coalesce(u.issued, 0) > 0 THEN round(h.usable * 28.0 / u.issued, 1) END AS days
                  FROM held h LEFT JOIN used u USING (site_id, product_id)
            )
            SELECT s.code, sum(x.issued)::bigint AS issued, min(x.days) AS lowest_days,
                   (array_agg(p.code ORDER BY x.days NULLS LAST, p.code))[1] AS lowest_product
              FROM position x JOIN site s ON s.id = x.site_id JOIN product p ON p.id = x.product_id
             GROUP BY s.code""".formatted(LotExpirySql.USABLE, LedgerSql.UNREVERSED_OUTFLOW);

    /** The summary's per-country issues of a set of products before V53. */
    private static final String OLD_SUMMARY_ISSUES = """
            SELECT ms.jurisdiction, -sum(m.quantity)::bigint AS issued
              FROM movement m JOIN product mp ON mp.id = m.product_id JOIN site ms ON ms.id = m.site_id
             WHERE mp.code IN (:products) AND m.type = 'ISSUE'
               AND NOT EXISTS (SELECT 1 FROM movement r WHERE r.reverses_id = m.id)
               AND m.occurred_at >= :windowStart AND m.occurred_at < :windowEnd
             GROUP BY ms.jurisdiction""";

    /** What left a site over a window, per product, summed from its lines. */
    private static final String LINES_OF_THE_WINDOW = """
            SELECT p.code, -sum(m.quantity)::bigint AS issued
              FROM movement m JOIN site s ON s.id = m.site_id JOIN product p ON p.id = m.product_id
             WHERE s.code = :site AND %s AND m.occurred_at >= :windowStart AND m.occurred_at < :windowEnd
             GROUP BY p.code""".formatted(LedgerSql.UNREVERSED_OUTFLOW);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    private LedgerHistoryFixture history;
    private final List<String> sites = new ArrayList<>();
    private final List<String> products = new ArrayList<>();
    private String groupCode;

    @BeforeAll
    void generatedHistory() {
        new CatalogueFixture(jdbc).load();
        history = new LedgerHistoryFixture(web, jdbc);
        for (String jurisdiction : List.of("US", "US", "CA", "CA")) {
            sites.add(history.site("NT", jurisdiction));
        }
        String atc = "Z" + UUID.randomUUID().toString().replace("-", "").substring(0, 6).toUpperCase();
        groupCode = "EQ-" + UUID.randomUUID();
        long group = jdbc.queryForObject("INSERT INTO equivalence_group (code, name, atc_code, ingredients, essential, "
                + "source) VALUES (?, 'Test group', ?, 'TESTOSIN', true, 'fixture') RETURNING id", Long.class,
                groupCode, atc);
        products.add(history.product(group, atc));
        products.add(history.product(group, atc));
        products.add(history.product(null, null));
        for (String site : sites) {
            for (String product : products) {
                for (String lot : List.of("A", "B")) {
                    history.post(Map.of("site", site, "product", product, "type", "RECEIPT", "quantity", 5_000,
                            "occurredAt", NOW.minusDays(60).toString(),
                            "lot", Map.of("number", lot, "expiry", TODAY.plusYears(2).toString())));
                }
            }
        }
        Random random = new Random(53);
        history.postRandomHistory(random, sites, products, List.of("ISSUE", "ISSUE", "TRANSFER_OUT", "WRITE_OFF"), 150,
                6, NOW, 35 * 24 * 60);
        // As the history loads write: many lines in one statement, two of them on either side of the window's start.
        OffsetDateTime windowStart = TODAY.minusDays(27).atStartOfDay().atOffset(ZoneOffset.UTC);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            OffsetDateTime at = i == 0 ? windowStart : i == 1 ? windowStart.minusSeconds(1)
                    : NOW.minusMinutes(random.nextInt(35 * 24 * 60));
            rows.add(LedgerHistoryFixture.loadedLine(random, sites.get(random.nextInt(sites.size())),
                    products.get(random.nextInt(products.size())), random.nextBoolean() ? "ISSUE" : "TRANSFER_OUT",
                    -(1 + random.nextInt(30)), at));
        }
        history.insertAsTheLoadsDo(rows);
    }

    @Test
    void the_by_site_map_reads_from_the_day_totals_what_it_summed_from_the_ledger_s_lines() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movement WHERE type = 'REVERSAL'", Long.class))
                .isGreaterThan(5);
        for (String selection : List.of("product=" + products.get(0), "product=" + products.get(2),
                "group=" + groupCode, "kind=DRUG", "")) {
            List<String> selected = selection.startsWith("product=") ? List.of(selection.substring(8))
                    : selection.startsWith("group=") ? products.subList(0, 2) : products;
            Map<String, List<Object>> expected = oldSiteSupply(selected);
            Map<String, List<Object>> actual = new TreeMap<>();
            List<Map<String, Object>> onePage = items(history.get("/api/v1/stock/by-site?limit=500&"
                    + selection));
            assertThat(history.walk("/api/v1/stock/by-site?limit=1&" + selection)).as(selection).isEqualTo(onePage);
            for (Map<String, Object> item : onePage) {
                if (sites.contains((String) item.get("site"))) {
                    Object lowest = item.get("lowestDaysOfSupply");
                    actual.put((String) item.get("site"), List.<Object>of(
                            ((Number) item.get("issuedInWindow")).longValue(),
                            lowest == null ? "null" : String.valueOf(((Number) lowest).doubleValue()),
                            String.valueOf(item.get("lowestProduct"))));
                }
            }
            assertThat(actual).as(selection).hasSize(4).isEqualTo(expected);
        }
    }

    @Test
    void the_national_summary_reads_from_the_day_totals_what_it_summed_from_the_ledger_s_lines() {
        Map<String, List<Long>> actual = new TreeMap<>();
        List<Map<String, Object>> onePage = items(history.get("/api/v1/stock/summary?limit=500"));
        assertThat(history.walk("/api/v1/stock/summary?limit=1")).isEqualTo(onePage);
        for (Map<String, Object> item : onePage) {
            Map<String, Object> group = json(item.get("group"));
            Map<String, Object> product = json(item.get("product"));
            String code = group != null ? (String) group.get("code") : (String) product.get("code");
            if (code.equals(groupCode) || code.equals(products.get(2))) {
                actual.put(code, List.of(((Number) json(item.get("us")).get("issuedInWindow")).longValue(),
                        ((Number) json(item.get("ca")).get("issuedInWindow")).longValue()));
            }
        }

        assertThat(actual).isEqualTo(new TreeMap<>(Map.of(groupCode, oldSummaryIssues(products.subList(0, 2)),
                products.get(2), oldSummaryIssues(List.of(products.get(2))))));
        assertThat(actual.values()).allSatisfy(issued -> assertThat(issued).allSatisfy(n -> assertThat(n).isPositive()));
    }

    @Test
    void a_site_s_stock_page_counts_its_window_from_the_day_totals_and_its_part_days_from_the_lines() {
        OffsetDateTime line = jdbc.queryForObject("SELECT occurred_at FROM movement m JOIN site s ON s.id = m.site_id "
                        + "WHERE s.code = ? AND m.type = 'ISSUE' ORDER BY m.id DESC LIMIT 1", OffsetDateTime.class,
                sites.get(0)).withOffsetSameInstant(ZoneOffset.UTC);
        // Now (two part days), a date (its end: whole days only), a line's own instant (the window ends just before
        // it) and 28 days after it (the window starts on it), and an instant a microsecond past midnight.
        List<OffsetDateTime> ends = List.of(NOW, TODAY.minusDays(3).plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC),
                line, line.plusDays(28), TODAY.minusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC).plusNanos(1_000));
        for (OffsetDateTime end : ends) {
            for (String site : sites) {
                Map<String, Long> expected = new TreeMap<>();
                new NamedParameterJdbcTemplate(jdbc).query(LINES_OF_THE_WINDOW, new MapSqlParameterSource()
                        .addValue("site", site).addValue("windowStart", end.minusDays(28)).addValue("windowEnd", end),
                        row -> {
                            expected.put(row.getString("code"), row.getLong("issued"));
                        });
                Map<String, Long> actual = new TreeMap<>();
                String page = "/api/v1/sites/" + site + "/stock?limit=500&asOf=" + end;
                for (Map<String, Object> item : items(history.get(page))) {
                    Map<String, Object> product = json(item.get("product"));
                    actual.put((String) product.get("code"), ((Number) product.get("issuedInWindow")).longValue());
                }
                assertThat(actual).as(site + " as of " + end).hasSize(products.size())
                        .isEqualTo(fillZeros(expected));
            }
        }
    }

    private Map<String, Long> fillZeros(Map<String, Long> issued) {
        Map<String, Long> all = new TreeMap<>();
        products.forEach(product -> all.put(product, issued.getOrDefault(product, 0L)));
        return all;
    }

    private Map<String, List<Object>> oldSiteSupply(List<String> selected) {
        Map<String, List<Object>> rows = new TreeMap<>();
        new NamedParameterJdbcTemplate(jdbc).query(OLD_SITE_SUPPLY, window().addValue("products", selected), row -> {
            if (sites.contains(row.getString("code"))) {
                Object lowest = row.getObject("lowest_days");
                rows.put(row.getString("code"), List.<Object>of(row.getLong("issued"),
                        lowest == null ? "null" : String.valueOf(((Number) lowest).doubleValue()),
                        String.valueOf(row.getString("lowest_product"))));
            }
        });
        return rows;
    }

    private List<Long> oldSummaryIssues(List<String> selected) {
        Map<String, Long> byCountry = new HashMap<>();
        new NamedParameterJdbcTemplate(jdbc).query(OLD_SUMMARY_ISSUES, window().addValue("products", selected),
                row -> {
                    byCountry.put(row.getString("jurisdiction"), row.getLong("issued"));
                });
        return List.of(byCountry.getOrDefault("US", 0L), byCountry.getOrDefault("CA", 0L));
    }

    private static MapSqlParameterSource window() {
        return new MapSqlParameterSource()
                .addValue("day", TODAY)
                .addValue("windowStart", TODAY.minusDays(27).atStartOfDay().atOffset(ZoneOffset.UTC))
                .addValue("windowEnd", TODAY.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
    }
}
