package org.stockbridge.api.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stockbridge.api.LedgerHistoryFixture.items;
import static org.stockbridge.api.LedgerHistoryFixture.json;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
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
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * The by-site map and the below-policy list read the per-(site, product) rollup (V56) that the national summary's
 * refresh rebuilds; here their answers are compared with the live queries' over the same data (read once the rollup
 * is made too old to serve), for an administrator and for a partner limited to two sites, for each filter, in one page
 * and page by page. Then the rules around it: posts show after a refresh, a rollup too old or of another day is not
 * served, and each read is counted by where its answer came from. The refresh interval is an hour, so the tests decide
 * when the rollup is rebuilt.
 */
@ApiIntegrationTest
@TestPropertySource(properties = {"stockbridge.ledger.backdating-window=P400D",
        "stockbridge.stock.summary-refresh=PT1H"})
class NationalViewSiteRollupApiIntegrationTests {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SummaryRollup rollup;

    @Autowired
    LocalTokenIssuer issuer;

    @Autowired
    MeterRegistry meters;

    private LedgerHistoryFixture history;
    private final List<String> sites = new ArrayList<>();
    private final List<String> products = new ArrayList<>();
    private String groupCode;
    private String neverHeld;
    private String partner;

    @BeforeAll
    void generatedStock() {
        new CatalogueFixture(jdbc).load();
        history = new LedgerHistoryFixture(web, jdbc);
        for (String jurisdiction : List.of("US", "US", "US", "CA", "CA")) {
            sites.add(history.site("SR", jurisdiction));
        }
        groupCode = "EQ-" + UUID.randomUUID();
        long group = jdbc.queryForObject("INSERT INTO equivalence_group (code, name, atc_code, ingredients, essential, "
                + "source) VALUES (?, 'Test group', NULL, 'TESTOSIN', true, 'fixture') RETURNING id", Long.class,
                groupCode);
        products.add(history.product(group, "DRUG", null));
        products.add(history.product(group, "DRUG", null));
        products.add(history.product(null, "DRUG", null));
        products.add(history.product(null, "PPE", null));
        products.add(history.product(null, "DEVICE", null));
        neverHeld = history.product(null, "DRUG", null);
        Random random = new Random(56);
        for (String site : sites) {
            for (String product : products) {
                if (random.nextInt(4) > 0) {
                    history.postLine(site, product, "RECEIPT", 200 + random.nextInt(300), NOW.minusDays(60), "A",
                            TODAY.plusYears(2));
                }
                if (random.nextInt(3) > 0) {
                    policy(site, product, 50 + random.nextInt(100), 150 + random.nextInt(250));
                }
            }
        }
        // Stock that is not usable (a lot past its expiry), and a policy on a product nobody holds.
        history.postLine(sites.get(0), products.get(0), "RECEIPT", 300, NOW.minusDays(60), "OLD", TODAY.minusDays(3));
        policy(sites.get(0), products.get(0), 100, 400);
        policy(sites.get(1), neverHeld, 10, 20);
        // Outflow in and before the window: issues and transfers out.
        for (int i = 0; i < 80; i++) {
            String site = sites.get(random.nextInt(sites.size()));
            String product = products.get(random.nextInt(products.size()));
            long held = jdbc.queryForObject("SELECT coalesce(sum(b.on_hand), 0) FROM balance b JOIN site s ON "
                    + "s.id = b.site_id JOIN product p ON p.id = b.product_id JOIN lot l ON l.id = b.lot_id WHERE "
                    + "s.code = ? AND p.code = ? AND l.lot_number = 'A'", Long.class, site, product);
            if (held > 50) {
                history.postLine(site, product, random.nextBoolean() ? "ISSUE" : "TRANSFER_OUT", 1 + random.nextInt(30),
                        NOW.minusMinutes(random.nextInt(40 * 24 * 60)), "A", null);
            }
        }
        partner = issuer.mint("site-rollup-partner", List.of("read"), "US", null, List.of(sites.get(0), sites.get(2)),
                Duration.ofMinutes(30));
    }

    @Test
    void the_rollup_answers_the_map_and_the_below_policy_list_as_the_live_queries_do_for_every_filter_and_caller() {
        refreshHere();
        OffsetDateTime stamp = stamp();
        List<String> bySite = List.of("", "kind=DRUG", "kind=PPE", "kind=DEVICE", "group=" + groupCode,
                "product=" + products.get(0), "product=" + products.get(3), "jurisdiction=US", "jurisdiction=CA",
                "kind=DRUG&jurisdiction=CA", "group=" + groupCode + "&jurisdiction=US", "product=" + neverHeld);
        List<String> belowPolicy = List.of("", "jurisdiction=US", "jurisdiction=CA", "site=" + sites.get(0),
                "site=" + sites.get(1), "site=" + sites.get(3) + "&jurisdiction=CA");
        Map<String, List<Map<String, Object>>> fromRollup = new HashMap<>();
        for (String token : new String[] {null, partner}) {
            for (String filter : bySite) {
                fromRollup.put(token + "by-site?" + filter, answers("by-site", filter, token, stamp, true));
            }
            for (String filter : belowPolicy) {
                fromRollup.put(token + "below-policy?" + filter, answers("below-policy", filter, token, stamp, true));
            }
        }

        jdbc.update("UPDATE stock_summary_refresh SET refreshed_at = refreshed_at - interval '4 hours'");
        OffsetDateTime aged = stamp();
        for (String token : new String[] {null, partner}) {
            for (String filter : bySite) {
                assertThat(answers("by-site", filter, token, aged, false)).as("by-site?%s (%s)", filter, token)
                        .isEqualTo(fromRollup.get(token + "by-site?" + filter));
            }
            for (String filter : belowPolicy) {
                assertThat(answers("below-policy", filter, token, aged, false)).as("below-policy?%s", filter)
                        .isEqualTo(fromRollup.get(token + "below-policy?" + filter));
            }
        }

        List<Map<String, Object>> groupMap = fromRollup.get(null + "by-site?group=" + groupCode);
        assertThat(groupMap).extracting(item -> item.get("site")).containsAnyElementsOf(sites);
        assertThat(fromRollup.get(partner + "by-site?")).extracting(item -> item.get("site"))
                .as("a partner sees its own sites only").isSubsetOf(sites.get(0), sites.get(2)).isNotEmpty();
        assertThat(fromRollup.get(null + "by-site?product=" + neverHeld)).isEmpty();
        assertThat(fromRollup.get(null + "below-policy?site=" + sites.get(1)))
                .as("a pair with a policy and no stock at all is below it")
                .anySatisfy(item -> {
                    assertThat(item.get("product")).isEqualTo(neverHeld);
                    assertThat(((Number) item.get("onHand")).longValue()).isZero();
                });
        assertThat(fromRollup.get(partner + "below-policy?site=" + sites.get(1))).as("not the partner's site")
                .isEmpty();
        assertThat(fromRollup.get(null + "by-site?kind=DRUG").stream()
                .mapToLong(item -> ((Number) item.get("issuedInWindow")).longValue()).sum())
                .as("outflow in the window").isPositive();
    }

    @Test
    void a_refresh_shows_the_posts_made_since_the_last_one_on_the_map_and_in_the_below_policy_list() {
        String site = sites.get(4);
        String product = products.get(2);
        policy(site, product, 1_000, 5_000);
        refreshHere();
        OffsetDateTime stamp = stamp();
        long before = onHand(site, product);
        assertThat(belowPolicy(site)).contains(product);

        history.postLine(site, product, "RECEIPT", 6_000, NOW, "NEW", TODAY.plusYears(1));
        Map<String, Object> served = history.get("/api/v1/stock/by-site?product=" + product, null);
        assertThat(OffsetDateTime.parse((String) served.get("asOf"))).isEqualTo(stamp);
        assertThat(onHand(site, product)).as("the rollup of before the post").isEqualTo(before);
        assertThat(belowPolicy(site)).contains(product);

        refreshHere();
        assertThat(stamp()).isAfter(stamp);
        assertThat(onHand(site, product)).isEqualTo(before + 6_000);
        assertThat(belowPolicy(site)).doesNotContain(product);
    }

    @Test
    void a_policy_set_since_the_last_refresh_on_a_pair_that_held_nothing_is_listed_at_once() {
        refreshHere();
        OffsetDateTime stamp = stamp();
        String site = sites.get(3);
        String product = history.product(null, "DRUG", null);
        policy(site, product, 10, 20);

        Map<String, Object> served = history.get("/api/v1/stock/below-policy?limit=500&site=" + site, null);
        assertThat(OffsetDateTime.parse((String) served.get("asOf"))).as("read from the rollup").isEqualTo(stamp);
        assertThat(items(served)).filteredOn(item -> product.equals(item.get("product"))).singleElement()
                .satisfies(item -> assertThat(((Number) item.get("usableOnHand")).longValue()).isZero());
    }

    @Test
    void a_rollup_too_old_or_of_another_day_is_not_served_and_each_read_is_counted_by_its_source() {
        String site = sites.get(3);
        String product = products.get(4);
        refreshHere();
        long before = onHand(site, product);
        history.postLine(site, product, "RECEIPT", 55, NOW, "NEW2", TODAY.plusYears(1));

        jdbc.update("UPDATE stock_summary_refresh SET day = day - 1");
        assertThat(onHand(site, product)).as("of yesterday: live").isEqualTo(before + 55);

        jdbc.update("UPDATE stock_summary_refresh SET day = day + 1, refreshed_at = now() - interval '3 hours 1 minute'");
        Map<String, Object> page = history.get("/api/v1/stock/below-policy", null);
        assertThat(OffsetDateTime.parse((String) page.get("asOf"))).isAfter(OffsetDateTime.now().minusMinutes(5));
        double live = reads("by-site", "live");
        double fromRollup = reads("by-site", "rollup");
        assertThat(onHand(site, product)).as("three intervals old: live").isEqualTo(before + 55);
        assertThat(reads("by-site", "live") - live).as("a live answer is counted as such").isEqualTo(1);

        jdbc.update("UPDATE stock_summary_refresh SET refreshed_at = now() - interval '2 hours 59 minutes'");
        double belowFromRollup = reads("below-policy", "rollup");
        assertThat(onHand(site, product)).as("younger than three intervals: the rollup").isEqualTo(before);
        history.get("/api/v1/stock/below-policy", partner);
        assertThat(reads("by-site", "rollup") - fromRollup).as("an answer from the rollup is counted as such")
                .isEqualTo(1);
        assertThat(reads("below-policy", "rollup") - belowFromRollup).isEqualTo(1);
        assertThat(reads("by-site", "live") - live).isEqualTo(1);
    }

    private double reads(String endpoint, String source) {
        return meters.get("stockbridge.stock.site-rollup.reads").tag("endpoint", endpoint).tag("source", source)
                .counter().count();
    }

    /** Rebuilds the rollups from this test, waiting out a scheduled refresh that may hold the lock (at start). */
    private void refreshHere() {
        await().atMost(Duration.ofSeconds(60)).until(() -> rollup.refresh().block());
    }

    /**
     * The filter's items walked three a page, which must be those of pages of 500; each page's asOf is the rollup's
     * stamp when {@code fromRollup}, else the moment of the read.
     */
    private List<Map<String, Object>> answers(String endpoint, String filter, String token, OffsetDateTime stamp,
                                              boolean fromRollup) {
        List<Map<String, Object>> walked = walk(endpoint, filter, token, 3, stamp, fromRollup);
        assertThat(walked).as(filter).isEqualTo(walk(endpoint, filter, token, 500, stamp, fromRollup));
        return walked;
    }

    private List<Map<String, Object>> walk(String endpoint, String filter, String token, int limit,
                                           OffsetDateTime stamp, boolean fromRollup) {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 2_000; pages++) {
            Map<String, Object> page = history.get("/api/v1/stock/" + endpoint + "?limit=" + limit + "&" + filter
                    + (cursor == null ? "" : "&cursor=" + cursor), token);
            OffsetDateTime asOf = OffsetDateTime.parse((String) page.get("asOf"));
            if (fromRollup) {
                assertThat(asOf).as("%s?%s from the rollup", endpoint, filter).isEqualTo(stamp);
            } else {
                assertThat(asOf).as("%s?%s computed live", endpoint, filter).isAfter(stamp);
            }
            items.addAll(items(page));
            cursor = (String) page.get("nextCursor");
            if (cursor == null) {
                return items;
            }
        }
        throw new AssertionError("more pages than expected for " + endpoint + "?" + filter);
    }

    private long onHand(String site, String product) {
        return items(history.get("/api/v1/stock/by-site?limit=500&product=" + product, null)).stream()
                .filter(item -> item.get("site").equals(site))
                .mapToLong(item -> ((Number) item.get("onHand")).longValue()).sum();
    }

    private List<Object> belowPolicy(String site) {
        return items(history.get("/api/v1/stock/below-policy?limit=500&site=" + site, null)).stream()
                .map(item -> item.get("product")).toList();
    }

    private OffsetDateTime stamp() {
        return jdbc.queryForObject("SELECT refreshed_at FROM stock_summary_refresh", OffsetDateTime.class)
                .withOffsetSameInstant(ZoneOffset.UTC);
    }

    private void policy(String site, String product, long safety, long reorder) {
        jdbc.update("INSERT INTO stock_policy (site_id, product_id, safety_stock, reorder_point, max_stock, "
                + "reserve_floor, updated_by) SELECT s.id, p.id, ?, ?, NULL, 0, 'tests' FROM site s, product p "
                + "WHERE s.code = ? AND p.code = ? ON CONFLICT (site_id, product_id) DO UPDATE SET safety_stock = "
                + "excluded.safety_stock, reorder_point = excluded.reorder_point", safety, reorder, site, product);
    }
}
