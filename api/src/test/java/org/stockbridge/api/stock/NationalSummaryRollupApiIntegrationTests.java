package org.stockbridge.api.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stockbridge.api.LedgerHistoryFixture.items;
import static org.stockbridge.api.LedgerHistoryFixture.json;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.CatalogueFixture;
import org.stockbridge.api.LedgerHistoryFixture;
import org.stockbridge.api.fleet.FleetLock;
import org.stockbridge.api.fleet.FleetLocks;
import org.stockbridge.api.persistence.Reads;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import reactor.core.publisher.Flux;

/**
 * Callers not limited to sites read the national summary from the rollup that one replica refreshes (V54); here its
 * answers are compared with the live query's over the same data, for every filter and page by page (the live answers
 * are read once the rollup is made too old to serve, so the same request exercises both), and the rules around it
 * are checked: posts show after a refresh, a stale rollup or one of another day is not served, a caller limited to
 * sites always reads live, and replicas refreshing together leave one whole rollup. The refresh interval is an hour,
 * so the tests decide when the rollup is rebuilt.
 */
@ApiIntegrationTest
@TestPropertySource(properties = {"stockbridge.ledger.backdating-window=P400D",
        "stockbridge.stock.summary-refresh=PT1H"})
class NationalSummaryRollupApiIntegrationTests {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    private MeterRegistry meters;

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SummaryRollup rollup;

    @Autowired
    DatabaseClient client;

    @Autowired
    Reads reads;

    @Autowired
    FleetLocks locks;

    @Autowired
    LocalTokenIssuer issuer;

    private LedgerHistoryFixture history;
    private final List<String> sites = new ArrayList<>();
    private final List<String> products = new ArrayList<>();
    private String zAtc;
    private String yAtc;

    @BeforeAll
    void generatedStock() {
        new CatalogueFixture(jdbc).load();
        history = new LedgerHistoryFixture(web, jdbc);
        for (String jurisdiction : List.of("US", "US", "CA", "CA")) {
            sites.add(history.site("RU", jurisdiction));
        }
        zAtc = "Z" + random(3);
        yAtc = "Y" + random(3);
        long mixedKinds = group(zAtc + "A01");
        long noAtc = group(null);
        products.add(history.product(mixedKinds, "DRUG", zAtc + "A01"));
        products.add(history.product(mixedKinds, "DRUG", zAtc + "A01"));
        products.add(history.product(mixedKinds, "PPE", zAtc + "A01"));
        // A group without an ATC code: its products filter by their own, one of which has none.
        products.add(history.product(noAtc, "DRUG", yAtc + "A01"));
        products.add(history.product(noAtc, "DRUG", null));
        products.add(history.product(null, "DRUG", zAtc + "B01"));
        products.add(history.product(null, "DEVICE", null));
        Random random = new Random(54);
        for (String site : sites) {
            for (String product : products) {
                if (random.nextInt(5) > 0) {
                    history.postLine(site, product, "RECEIPT", 1_000 + random.nextInt(500), NOW.minusDays(60),
                            random.nextBoolean() ? "A" : "B", TODAY.plusYears(2));
                }
            }
        }
        // Stock that is not usable: a lot past its expiry.
        history.postLine(sites.get(0), products.get(0), "RECEIPT", 300, NOW.minusDays(60), "OLD", TODAY.minusDays(3));
        for (int i = 0; i < 60; i++) {
            String site = sites.get(random.nextInt(sites.size()));
            String product = products.get(random.nextInt(products.size()));
            Long lot = jdbc.query("SELECT b.lot_id FROM balance b JOIN site s ON s.id = b.site_id JOIN product p "
                            + "ON p.id = b.product_id WHERE s.code = ? AND p.code = ? AND b.on_hand > 50 LIMIT 1",
                    rs -> rs.next() ? rs.getLong(1) : null, site, product);
            if (lot != null) {
                String number = jdbc.queryForObject("SELECT lot_number FROM lot WHERE id = ?", String.class, lot);
                history.postLine(site, product, "ISSUE", 1 + random.nextInt(40),
                        NOW.minusMinutes(random.nextInt(40 * 24 * 60)), number, null);
            }
        }
        // A site that issued all it had of a product in the window, without a policy: its issues still count.
        String emptied = history.site("RU", "CA");
        history.postLine(emptied, products.get(0), "RECEIPT", 90, NOW.minusDays(50), "GONE", TODAY.plusYears(1));
        history.postLine(emptied, products.get(0), "ISSUE", 90, NOW.minusDays(10), "GONE", null);
    }

    @Test
    void the_rollup_answers_every_filter_and_page_as_the_live_query_does_over_the_same_data() {
        refreshHere();
        OffsetDateTime stamp = stamp();
        List<String> filters = List.of("", "kind=DRUG", "kind=PPE", "kind=DEVICE", "atc=Z", "atc=" + zAtc,
                "atc=" + zAtc + "A", "atc=" + zAtc + "B01", "kind=DRUG&atc=" + zAtc, "kind=PPE&atc=" + zAtc + "A01",
                "atc=Q", "atc=" + yAtc);
        Map<String, List<List<Map<String, Object>>>> fromRollup = new LinkedHashMap<>();
        for (String filter : filters) {
            fromRollup.put(filter, answers(filter, stamp, !filter.equals("atc=" + yAtc)));
        }

        jdbc.update("UPDATE stock_summary_refresh SET refreshed_at = refreshed_at - interval '4 hours'");
        OffsetDateTime aged = stamp();
        for (String filter : filters) {
            assertThat(answers(filter, aged, false)).as(filter).isEqualTo(fromRollup.get(filter));
        }
        assertThat(fromRollup.get("").get(0)).as("every entry with stock").hasSize(4);
        assertThat(fromRollup.get("kind=PPE").get(0)).hasSize(1);
        assertThat(fromRollup.get("atc=" + zAtc + "A").get(0)).hasSize(1);
    }

    @Test
    void a_refresh_shows_the_posts_made_since_the_last_one() {
        refreshHere();
        OffsetDateTime stamp = stamp();
        String product = products.get(5);
        long before = usOnHand(product);

        history.postLine(sites.get(0), product, "RECEIPT", 777, NOW, "NEW", TODAY.plusYears(1));
        Map<String, Object> served = history.get("/api/v1/stock/summary?atc=" + zAtc + "B01", null);
        assertThat(OffsetDateTime.parse((String) served.get("asOf"))).isEqualTo(stamp);
        assertThat(usOnHand(product)).as("the rollup of before the post").isEqualTo(before);

        refreshHere();
        assertThat(usOnHand(product)).isEqualTo(before + 777);
        assertThat(stamp()).isAfter(stamp);
    }

    @Test
    void a_rollup_too_old_or_of_another_day_is_not_served() {
        refreshHere();
        String product = products.get(5);
        long before = usOnHand(product);
        history.postLine(sites.get(1), product, "RECEIPT", 55, NOW, "NEW2", TODAY.plusYears(1));

        jdbc.update("UPDATE stock_summary_refresh SET day = day - 1");
        assertThat(usOnHand(product)).as("of yesterday: live").isEqualTo(before + 55);

        jdbc.update("UPDATE stock_summary_refresh SET day = day + 1, refreshed_at = now() - interval '3 hours 1 minute'");
        Map<String, Object> page = history.get("/api/v1/stock/summary?atc=" + zAtc + "B01", null);
        assertThat(OffsetDateTime.parse((String) page.get("asOf"))).isAfter(OffsetDateTime.now().minusMinutes(5));
        assertThat(usOnHand(product)).as("three intervals old: live").isEqualTo(before + 55);

        double live = reads("live");
        double fromRollup = reads("rollup");
        assertThat(usOnHand(product)).isEqualTo(before + 55);
        assertThat(reads("live") - live).as("a live answer is counted as such").isEqualTo(1);

        jdbc.update("UPDATE stock_summary_refresh SET refreshed_at = now() - interval '2 hours 59 minutes'");
        assertThat(usOnHand(product)).as("younger than three intervals: the rollup").isEqualTo(before);
        assertThat(reads("rollup") - fromRollup).as("an answer from the rollup is counted as such").isEqualTo(1);
        assertThat(reads("live") - live).isEqualTo(1);
    }

    private double reads(String source) {
        return meters.get("stockbridge.stock.summary.reads").tag("source", source).counter().count();
    }

    @Test
    void a_caller_limited_to_sites_reads_the_live_summary_of_its_sites_and_never_the_national_rollup() {
        refreshHere();
        OffsetDateTime stamp = stamp();
        String partner = issuer.mint("rollup-partner", List.of("read"), "US", null, List.of(sites.get(0)),
                Duration.ofMinutes(30));
        String product = products.get(5);
        history.postLine(sites.get(0), product, "RECEIPT", 31, NOW, "P" + random(4), TODAY.plusYears(1));
        long atSite = jdbc.queryForObject("SELECT coalesce(sum(b.on_hand), 0) FROM balance b JOIN site s ON "
                + "s.id = b.site_id JOIN product p ON p.id = b.product_id WHERE s.code = ? AND p.code = ?",
                Long.class, sites.get(0), product);

        Map<String, Object> page = history.get("/api/v1/stock/summary?atc=" + zAtc + "B01", partner);
        assertThat(OffsetDateTime.parse((String) page.get("asOf"))).isAfter(stamp);
        Map<String, Object> us = json(items(page).get(0).get("us"));
        assertThat(((Number) us.get("onHand")).longValue()).isEqualTo(atSite);
        assertThat(((Number) us.get("sites")).longValue()).isEqualTo(1);
        assertThat(((Number) json(items(page).get(0).get("ca")).get("sites")).longValue()).isZero();
    }

    @Test
    void replicas_refreshing_together_leave_one_whole_rollup_and_one_waits_out_the_lock() {
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        SummaryRollup otherReplica = otherReplica(otherMeters);
        refreshHere();
        OffsetDateTime stamp = stamp();

        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(hashtextextended('"
                        + FleetLock.STOCK_SUMMARY_ROLLUP.key() + "', 0))");
                assertThat(rollup.refresh().block()).as("another replica holds the lock").isFalse();
                assertThat(otherReplica.refresh().block()).isFalse();
                assertThat(otherMeters.get("stockbridge.stock.summary.refresh").tag("outcome", "skipped").timer()
                        .count()).as("the skipped round is counted as such").isEqualTo(1);
                statement.execute("SELECT pg_advisory_unlock(hashtextextended('"
                        + FleetLock.STOCK_SUMMARY_ROLLUP.key() + "', 0))");
            }
            return null;
        });
        assertThat(stamp()).isEqualTo(stamp);

        long otherRebuiltBefore = otherMeters.get("stockbridge.stock.summary.refresh").tag("outcome", "rebuilt")
                .timer().count();
        long otherSkippedBefore = otherMeters.get("stockbridge.stock.summary.refresh").tag("outcome", "skipped")
                .timer().count();
        List<Boolean> here = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Boolean> there = new java.util.concurrent.CopyOnWriteArrayList<>();
        Flux.merge(rollup.refresh().doOnNext(here::add), otherReplica.refresh().doOnNext(there::add),
                rollup.refresh().doOnNext(here::add), otherReplica.refresh().doOnNext(there::add)).blockLast();
        List<Boolean> ran = new ArrayList<>(here);
        ran.addAll(there);
        assertThat(ran).contains(true);
        assertThat(otherMeters.get("stockbridge.stock.summary.refresh").tag("outcome", "rebuilt").timer().count()
                - otherRebuiltBefore).as("each rebuild is timed as one")
                .isEqualTo(there.stream().filter(r -> r).count());
        assertThat(otherMeters.get("stockbridge.stock.summary.refresh").tag("outcome", "skipped").timer().count()
                - otherSkippedBefore).as("each skipped round is timed as one")
                .isEqualTo(there.stream().filter(r -> !r).count());
        long rows = jdbc.queryForObject("SELECT count(*) FROM stock_summary_rollup", Long.class);
        assertThat(jdbc.queryForObject("SELECT entries FROM stock_summary_refresh", Long.class)).isEqualTo(rows);
        List<List<Map<String, Object>>> served = answers("", stamp(), true);
        jdbc.update("UPDATE stock_summary_refresh SET refreshed_at = refreshed_at - interval '4 hours'");
        assertThat(answers("", stamp(), false)).isEqualTo(served);
    }

    @Test
    void a_replica_that_has_not_rebuilt_shows_the_period_of_the_fleets_last_rebuild() {
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        SummaryRollup otherReplica = otherReplica(otherMeters);
        refreshHere();

        assertThat(otherReplica.refreshIfDue().block()).as("under a period old").isFalse();
        assertThat(otherMeters.get("stockbridge.stock.summary.refresh.period").gauge().value())
                .as("the stamp's period, set by this replica's rebuild").isEqualTo(3600.0);

        jdbc.update("UPDATE stock_summary_refresh SET period_ms = 5400000");
        otherReplica.refreshIfDue().block();
        assertThat(otherMeters.get("stockbridge.stock.summary.refresh.period").gauge().value()).isEqualTo(5400.0);
        jdbc.update("UPDATE stock_summary_refresh SET period_ms = 3600000");
    }

    @Test
    void a_replica_rebuilds_only_once_the_stamp_is_a_period_old_whoever_wrote_it() {
        SummaryRollup otherReplica = otherReplica(new SimpleMeterRegistry());
        refreshHere();
        OffsetDateTime stamp = stamp();
        assertThat(jdbc.queryForObject("SELECT period_ms FROM stock_summary_refresh", Long.class))
                .as("a rebuild within its budget stamps the interval").isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(meters.get("stockbridge.stock.summary.refresh.period").gauge().value()).isEqualTo(3600.0);

        assertThat(rollup.refreshIfDue().block()).as("here, under a period old").isFalse();
        assertThat(otherReplica.refreshIfDue().block()).as("another replica, under a period old").isFalse();
        assertThat(stamp()).isEqualTo(stamp);

        jdbc.update("UPDATE stock_summary_refresh SET refreshed_at = refreshed_at - interval '59 minutes'");
        assertThat(otherReplica.refreshIfDue().block()).as("59 minutes old").isFalse();
        // A period old but for the tick's slack: the stamp is its transaction's start, just after the tick.
        jdbc.update("UPDATE stock_summary_refresh SET refreshed_at = refreshed_at - interval '1 minute' + interval '"
                + SummaryRollup.TICK_SLACK_MILLIS / 2 + " milliseconds'");
        assertThat(otherReplica.refreshIfDue().block()).as("a period old: the other replica rebuilds").isTrue();
        assertThat(rollup.refreshIfDue().block()).as("and this one does not follow it").isFalse();
        assertThat(stamp()).isAfter(stamp);

        jdbc.update("UPDATE stock_summary_refresh SET day = day - 1");
        assertThat(rollup.refreshIfDue().block()).as("a stamp of another day is due").isTrue();
    }

    @Test
    void a_replica_that_found_the_rollup_due_does_not_rebuild_once_another_has_under_the_lock() {
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        SummaryRollup otherReplica = otherReplica(otherMeters);
        // Both replicas looked at the stamp and found it due; this one rebuilt first.
        refreshHere();
        OffsetDateTime stamp = stamp();
        assertThat(otherReplica.refreshIfStillDue().block()).as("the stamp, read again under the lock").isFalse();
        assertThat(stamp()).isEqualTo(stamp);
        assertThat(otherMeters.get("stockbridge.stock.summary.refresh").tag("outcome", "skipped").timer().count())
                .isEqualTo(1);
        assertThat(otherMeters.get("stockbridge.stock.summary.refresh").tag("outcome", "rebuilt").timer().count())
                .isZero();
    }

    @Test
    void the_stamp_s_period_not_the_reader_s_interval_bounds_how_long_the_rollup_is_served() {
        refreshHere();
        String product = products.get(5);
        long before = usOnHand(product);
        history.postLine(sites.get(1), product, "RECEIPT", 23, NOW, "P" + random(4), TODAY.plusYears(1));
        assertThat(usOnHand(product)).as("a fresh rollup").isEqualTo(before);

        // A rebuild that stretched the period to a minute (or a replica configured so) wrote the stamp: three minutes.
        jdbc.update("UPDATE stock_summary_refresh SET period_ms = 60000, refreshed_at = now() - interval '2 minutes'");
        assertThat(usOnHand(product)).as("two periods old: the rollup").isEqualTo(before);
        jdbc.update("UPDATE stock_summary_refresh SET refreshed_at = now() - interval '3 minutes 5 seconds'");
        assertThat(usOnHand(product)).as("three periods old: live, though this replica's interval is an hour")
                .isEqualTo(before + 23);
        assertThat(rollup.refreshIfDue().block()).as("and a rebuild is due").isTrue();
        assertThat(usOnHand(product)).isEqualTo(before + 23);
    }

    /** Another replica configured as this one, whose ticker is stopped: the tests decide when it refreshes. */
    private SummaryRollup otherReplica(MeterRegistry otherMeters) {
        RollupServing serving = new RollupServing(Duration.ofHours(1));
        SummaryRollup other = new SummaryRollup(client, reads, locks, new SiteRollup(client, reads, otherMeters,
                serving), serving, otherMeters, 0.05, Duration.ofHours(2));
        other.destroy();
        return other;
    }

    @Test
    void a_refresh_analyses_what_it_wrote_and_vacuums_what_it_replaced() {
        refreshHere();
        Map<String, long[]> before = new LinkedHashMap<>();
        for (String table : List.of("stock_site_rollup", "stock_summary_rollup")) {
            before.put(table, maintenance(table));
        }
        // A site new to the fixture receives a product: the next rebuild writes one more per-site row (and no new
        // summary entry, so the other tests' entry counts hold whatever their order).
        history.postLine(history.site("RU", "US"), products.get(1), "RECEIPT", 7, NOW.minusDays(1), "NEW",
                TODAY.plusYears(1));
        refreshHere();
        for (String table : before.keySet()) {
            long rows = jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
            assertThat(jdbc.queryForObject("SELECT reltuples::bigint FROM pg_class WHERE relname = ?", Long.class,
                    table)).as("the planner's row count of %s after the rebuild", table).isEqualTo(rows);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                long[] now = maintenance(table);
                assertThat(now[0]).as("%s analysed by the rebuild", table).isGreaterThan(before.get(table)[0]);
                assertThat(now[1]).as("%s vacuumed after the rebuild", table).isGreaterThan(before.get(table)[1]);
            });
        }
    }

    /** How many times the table was analysed and vacuumed by a statement (not by autovacuum). */
    private long[] maintenance(String table) {
        return jdbc.queryForObject("SELECT analyze_count, vacuum_count FROM pg_stat_user_tables WHERE relname = ?",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, table);
    }

    /** Rebuilds the rollup from this test, waiting out a scheduled refresh that may hold the lock (at start). */
    private void refreshHere() {
        await().atMost(Duration.ofSeconds(60)).until(() -> rollup.refresh().block());
    }

    /**
     * The filter's entries read in one page and walked one entry a page; each page's asOf is the rollup's stamp when
     * {@code fromRollup}, else the moment of the read.
     */
    private List<List<Map<String, Object>>> answers(String filter, OffsetDateTime stamp, boolean fromRollup) {
        List<Map<String, Object>> onePage = new ArrayList<>();
        List<Map<String, Object>> walked = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 50; pages++) {
            Map<String, Object> page = history.get("/api/v1/stock/summary?limit=1&" + filter
                    + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertAsOf(filter, page, stamp, fromRollup);
            walked.addAll(items(page));
            cursor = (String) page.get("nextCursor");
            if (cursor == null) {
                break;
            }
        }
        Map<String, Object> page = history.get("/api/v1/stock/summary?limit=500&" + filter, null);
        assertAsOf(filter, page, stamp, fromRollup);
        onePage.addAll(items(page));
        assertThat(walked).as(filter).isEqualTo(onePage);
        return List.of(onePage);
    }

    private static void assertAsOf(String filter, Map<String, Object> page, OffsetDateTime stamp, boolean fromRollup) {
        OffsetDateTime asOf = OffsetDateTime.parse((String) page.get("asOf"));
        if (fromRollup) {
            assertThat(asOf).as("%s from the rollup", filter).isEqualTo(stamp);
        } else {
            assertThat(asOf).as("%s computed live", filter).isAfter(stamp);
        }
    }

    private long usOnHand(String product) {
        String summary = "/api/v1/stock/summary?limit=500&atc=" + zAtc + "B01";
        for (Map<String, Object> item : items(history.get(summary, null))) {
            if (json(item.get("product")).get("code").equals(product)) {
                return ((Number) json(item.get("us")).get("onHand")).longValue();
            }
        }
        throw new AssertionError("no entry for " + product);
    }

    private OffsetDateTime stamp() {
        return jdbc.queryForObject("SELECT refreshed_at FROM stock_summary_refresh", OffsetDateTime.class)
                .withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static String random(int length) {
        return UUID.randomUUID().toString().replace("-", "").substring(0, length).toUpperCase();
    }

    private long group(String atc) {
        return jdbc.queryForObject("INSERT INTO equivalence_group (code, name, atc_code, ingredients, essential, "
                + "source) VALUES (?, 'Test group', ?, 'TESTOSIN', true, 'fixture') RETURNING id", Long.class,
                "EQ-" + UUID.randomUUID(), atc);
    }
}
