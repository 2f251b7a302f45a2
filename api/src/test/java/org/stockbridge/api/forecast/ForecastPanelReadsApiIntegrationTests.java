package org.stockbridge.api.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.CatalogueFixture;
import org.stockbridge.api.LedgerHistoryFixture;
import org.stockbridge.batch.forecast.ForecastData;
import org.stockbridge.forecasting.demand.DemandSeries;
import org.stockbridge.forecasting.stockout.LeadTimes;
import org.stockbridge.forecasting.stockout.StockPosition;
import org.stockbridge.forecasting.stockout.UsableLot;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * The forecast panel reads each series' issues from the ledger's per-day totals and its pairs from the balances;
 * here both are compared, as of several days, with what the ledger's lines say (the SQL the panel ran before), on
 * history posted in random order of date, with reversals, some of them of lines posted long before, and lines
 * inserted many to a statement as the history loads write them.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "stockbridge.ledger.backdating-window=P400D")
class ForecastPanelReadsApiIntegrationTests {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

    /** Each pair's unreversed issues per UTC day up to the end of :asOf, from the lines. */
    private static final String LINES_ISSUES = """
            SELECT m.site_id, m.product_id, (m.occurred_at AT TIME ZONE 'UTC')::date AS day, -sum(m.quantity) AS issued
              FROM movement m
             WHERE m.occurred_at < ? AND m.type = 'ISSUE'
               AND NOT EXISTS (SELECT 1 FROM movement r WHERE r.reverses_id = m.id)
             GROUP BY 1, 2, 3""";

    /** Each pair with a line before the end of :asOf and the day of its first, from the lines. */
    private static final String LINES_PAIRS = """
            SELECT site_id, product_id, min((occurred_at AT TIME ZONE 'UTC')::date) AS first_day
              FROM movement WHERE occurred_at < ? GROUP BY site_id, product_id""";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ForecastRepository repository;

    @Autowired
    ForecastData job;

    private LedgerHistoryFixture history;
    private final List<String> sites = new ArrayList<>();
    private final List<String> products = new ArrayList<>();

    @BeforeAll
    void generatedHistory() {
        new CatalogueFixture(jdbc).load();
        history = new LedgerHistoryFixture(web, jdbc);
        for (String jurisdiction : List.of("US", "CA", "CA")) {
            sites.add(history.site("FP", jurisdiction));
        }
        products.add(history.product(null, null));
        products.add(history.product(null, null));
        Random random = new Random(55);
        for (String site : sites) {
            for (String product : products) {
                for (String lot : List.of("A", "B")) {
                    // lots received on different days, so that a pair's first day is its earliest lot's
                    history.post(Map.of("site", site, "product", product, "type", "RECEIPT", "quantity", 5_000,
                            "occurredAt", NOW.minusDays(60 + random.nextInt(20)).toString(),
                            "lot", Map.of("number", lot, "expiry", TODAY.plusYears(2).toString())));
                }
            }
        }
        history.postRandomHistory(random, sites, products, List.of("ISSUE", "ISSUE", "ISSUE", "TRANSFER_OUT"), 120, 5,
                NOW, 50 * 24 * 60);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // the first on the oldest day read below, so that every day read has issues to compare
            OffsetDateTime at = i == 0 ? TODAY.minusDays(49).atStartOfDay().atOffset(ZoneOffset.UTC).plusHours(6)
                    : NOW.minusMinutes(random.nextInt(50 * 24 * 60));
            rows.add(LedgerHistoryFixture.loadedLine(random, sites.get(random.nextInt(sites.size())),
                    products.get(random.nextInt(products.size())), "ISSUE", -(1 + random.nextInt(30)), at));
        }
        history.insertAsTheLoadsDo(rows);
        // the first product's lot A: past its labelled expiry, extended under SLEP (which counts at U.S. federal
        // sites only)
        jdbc.update("UPDATE lot SET labelled_expiry = ?, extended_expiry = ? WHERE lot_number = 'A' AND product_id = "
                + "(SELECT id FROM product WHERE code = ?)", TODAY.minusDays(5), TODAY.plusDays(100), products.get(0));
    }

    @Test
    void the_panel_s_issues_are_the_ledger_s_unreversed_issue_lines_as_of_each_day() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movement WHERE type = 'REVERSAL'", Long.class))
                .isGreaterThan(5);
        for (LocalDate asOf : List.of(TODAY, TODAY.minusDays(1), TODAY.minusDays(20), TODAY.minusDays(49))) {
            Map<String, Long> expected = new TreeMap<>();
            jdbc.query(LINES_ISSUES, row -> {
                expected.put(row.getLong("site_id") + "/" + row.getLong("product_id") + "/" + row.getObject("day",
                        LocalDate.class), row.getLong("issued"));
            }, next(asOf));
            Map<String, Long> actual = new TreeMap<>();
            for (ForecastRepository.IssueSeries series : repository.issues(asOf).collectList().block()) {
                for (int i = 0; i < series.days().length; i++) {
                    actual.merge(series.siteId() + "/" + series.productId() + "/"
                            + LocalDate.ofEpochDay(series.days()[i]), series.issued()[i], Long::sum);
                }
            }
            actual.values().removeIf(units -> units == 0);
            assertThat(actual).as("as of " + asOf).isNotEmpty().isEqualTo(expected);
        }
    }

    @Test
    void the_panel_s_pairs_and_their_first_days_are_the_ledger_s_as_of_each_day() {
        for (LocalDate asOf : List.of(TODAY, TODAY.minusDays(65), TODAY.minusDays(70), TODAY.minusDays(90))) {
            Map<String, LocalDate> expected = new TreeMap<>();
            jdbc.query(LINES_PAIRS, row -> {
                expected.put(row.getLong("site_id") + "/" + row.getLong("product_id"),
                        row.getObject("first_day", LocalDate.class));
            }, next(asOf));
            Map<String, LocalDate> actual = new TreeMap<>();
            for (ForecastRepository.PairRow pair : repository.pairs(asOf).collectList().block()) {
                actual.put(pair.siteId() + "/" + pair.productId(), pair.firstDay());
            }
            assertThat(actual).as("as of " + asOf).isEqualTo(expected);
        }
    }

    @Test
    void the_forecast_job_reads_the_same_pairs_issues_and_usable_lots_as_the_service() {
        for (LocalDate asOf : List.of(TODAY, TODAY.minusDays(20))) {
            Map<String, Long> expected = new TreeMap<>();
            jdbc.query(LINES_ISSUES, row -> {
                expected.put(row.getLong("site_id") + "/" + row.getLong("product_id") + "/" + row.getObject("day",
                        LocalDate.class), row.getLong("issued"));
            }, next(asOf));
            List<ForecastData.Pair> pairs = job.pairs(asOf);
            assertThat(pairs).extracting(p -> p.siteId() + "/" + p.productId() + "/" + p.start())
                    .containsExactlyInAnyOrderElementsOf(repository.pairs(asOf).collectList().block().stream()
                            .map(p -> p.siteId() + "/" + p.productId() + "/" + p.firstDay()).toList());
            Map<String, Long> actual = new TreeMap<>();
            List<DemandSeries> series = job.series(pairs, asOf);
            for (int k = 0; k < pairs.size(); k++) {
                double[] daily = series.get(k).daily();
                for (int i = 0; i < daily.length; i++) {
                    if (daily[i] != 0) {
                        actual.put(pairs.get(k).siteId() + "/" + pairs.get(k).productId() + "/"
                                + pairs.get(k).start().plusDays(i), (long) daily[i]);
                    }
                }
            }
            assertThat(actual).as("as of " + asOf).isNotEmpty().isEqualTo(expected);

            Map<String, Long> lots = new TreeMap<>();
            for (ForecastRepository.LotRow lot : repository.usableLots(asOf).collectList().block()) {
                lots.put(lot.siteId() + "/" + lot.productId() + "/" + lot.lot() + "/" + lot.expiry(), lot.onHand());
            }
            Map<String, Long> jobLots = new TreeMap<>();
            Map<String, StockPosition> positions = job.positions(pairs, asOf, LeadTimes.defaults());
            for (ForecastData.Pair pair : pairs) {
                for (UsableLot lot : positions.get(pair.site() + "/" + pair.product()).lots()) {
                    jobLots.put(pair.siteId() + "/" + pair.productId() + "/" + lot.lot() + "/" + lot.expiry(),
                            lot.quantity());
                }
            }
            assertThat(jobLots).as("as of " + asOf).isNotEmpty().isEqualTo(lots);
            if (asOf.equals(TODAY)) {
                long product = jdbc.queryForObject("SELECT id FROM product WHERE code = ?", Long.class,
                        products.get(0));
                assertThat(jobLots.keySet()).as("the extension counts at the U.S. federal site only")
                        .anyMatch(key -> key.equals(siteId(sites.get(0)) + "/" + product + "/A/" + TODAY.plusDays(100)))
                        .noneMatch(key -> key.startsWith(siteId(sites.get(1)) + "/" + product + "/A/"))
                        .noneMatch(key -> key.startsWith(siteId(sites.get(2)) + "/" + product + "/A/"));
            }
        }
    }

    private long siteId(String code) {
        return jdbc.queryForObject("SELECT id FROM site WHERE code = ?", Long.class, code);
    }

    private static OffsetDateTime next(LocalDate asOf) {
        return asOf.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    }
}
