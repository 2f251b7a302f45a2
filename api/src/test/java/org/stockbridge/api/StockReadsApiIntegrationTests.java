package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stockbridge.api.LedgerHistoryFixture.items;
import static org.stockbridge.api.LedgerHistoryFixture.json;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * The stock reads, on data posted through the ledger API. Every test makes its own sites and products, so the tests
 * share one database without seeing each other's stock. The tests build months of history through the API, which
 * the default backdating window (30 days) would refuse, so the window is widened to 400 days here.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "stockbridge.ledger.backdating-window=P400D")
class StockReadsApiIntegrationTests {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    private LedgerHistoryFixture history;

    @BeforeAll
    void catalogue() {
        history = new LedgerHistoryFixture(web, jdbc);
        new CatalogueFixture(jdbc).load();
    }

    // --- a site's stock -------------------------------------------------------------------------------------------

    @Test
    void days_of_supply_is_usable_stock_over_the_unreversed_issues_of_the_trailing_28_days() {
        String site = site("US", true);
        String product = product(null, "vial", "DRUG", null);
        String idle = product(null, "vial", "DRUG", null);
        post(receipt(site, product, "DS-1", TODAY.plusYears(2), 1000, daysAgo(60)));
        post(receipt(site, idle, "DS-IDLE", TODAY.plusYears(2), 10, daysAgo(60)));
        post(issue(site, product, "DS-1", 100, daysAgo(40)));
        post(issue(site, product, "DS-1", 28, daysAgo(3)));
        post(issue(site, product, "DS-1", 28, daysAgo(10)));
        long mistaken = id(post(issue(site, product, "DS-1", 500, daysAgo(2))));
        postTo("/api/v1/movements/" + mistaken + "/reversal", Map.of("reason", "entered twice"));

        Map<String, Object> line = single(get("/api/v1/sites/" + site + "/stock?product=" + product));
        Map<String, Object> position = json(line.get("product"));

        assertThat(number(position, "onHand")).isEqualTo(844);
        assertThat(number(position, "usableOnHand")).isEqualTo(844);
        assertThat(number(position, "issuedInWindow")).isEqualTo(56);
        assertThat(((Number) position.get("dailyConsumption")).doubleValue()).isEqualTo(2.0);
        assertThat(((Number) position.get("daysOfSupply")).doubleValue()).isEqualTo(422.0);
        Map<String, Object> idleProduct = json(single(get("/api/v1/sites/" + site + "/stock?product=" + idle)).get("product"));
        assertThat(((Number) idleProduct.get("dailyConsumption")).doubleValue()).isZero();
        assertThat(idleProduct.get("daysOfSupply")).isNull();
    }

    @Test
    void a_depot_s_days_of_supply_counts_what_it_transferred_out_beside_what_it_issued() {
        String depot = site("US", true);
        String receiving = site("US", false);
        String product = product(null, "vial", "DRUG", null);
        post(receipt(depot, product, "TD-1", TODAY.plusYears(2), 1000, daysAgo(60)));
        post(issue(depot, product, "TD-1", 28, daysAgo(6)));
        post(transfer("TRANSFER_OUT", depot, product, "TD-1", 56, daysAgo(5)));
        post(transfer("TRANSFER_IN", receiving, product, "TD-1", 56, daysAgo(4)));
        post(transfer("TRANSFER_OUT", depot, product, "TD-1", 100, daysAgo(40)));

        Map<String, Object> position = json(single(get("/api/v1/sites/" + depot + "/stock?product=" + product))
                .get("product"));
        Map<String, Object> supply = items(get("/api/v1/stock/by-site?product=" + product)).stream()
                .filter(s -> depot.equals(s.get("site"))).findFirst().orElseThrow();

        assertThat(number(position, "issuedInWindow")).isEqualTo(84);
        assertThat(((Number) position.get("daysOfSupply")).doubleValue()).isEqualTo(272.0);
        assertThat(number(supply, "issuedInWindow")).isEqualTo(84);
        assertThat(((Number) supply.get("daysOfSupply")).doubleValue()).isEqualTo(272.0);
        Map<String, Object> received = json(single(get("/api/v1/sites/" + receiving + "/stock?product=" + product))
                .get("product"));
        assertThat(number(received, "issuedInWindow")).isZero();
    }

    @Test
    void an_earlier_as_of_moves_the_consumption_window_back() {
        String site = site("CA", true);
        String product = product(null, "vial", "DRUG", null);
        post(receipt(site, product, "AO-1", TODAY.plusYears(2), 500, daysAgo(90)));
        post(issue(site, product, "AO-1", 56, daysAgo(50)));

        Map<String, Object> now = json(single(get("/api/v1/sites/" + site + "/stock?product=" + product)).get("product"));
        Map<String, Object> then = json(single(get("/api/v1/sites/" + site + "/stock?product=" + product + "&asOf="
                + TODAY.minusDays(40))).get("product"));

        assertThat(now.get("daysOfSupply")).isNull();
        assertThat(((Number) then.get("dailyConsumption")).doubleValue()).isEqualTo(2.0);
        assertThat(((Number) then.get("daysOfSupply")).doubleValue()).isEqualTo(222.0);
    }

    @Test
    void a_slep_lot_counts_as_usable_at_a_us_federal_site_and_as_expired_at_a_state_site() {
        String federal = site("US", true);
        String state = site("US", false);
        String product = product(null, "vial", "DRUG", null);
        LocalDate labelled = TODAY.minusDays(30);
        LocalDate extended = TODAY.plusYears(1);
        post(Map.of("site", federal, "product", product, "type", "RECEIPT", "quantity", 20, "occurredAt", daysAgo(60),
                "lot", Map.of("number", "SLEP-1", "expiry", labelled.toString(), "extendedExpiry", extended.toString())));
        post(Map.of("site", state, "product", product, "type", "RECEIPT", "quantity", 20, "occurredAt", daysAgo(60),
                "lot", Map.of("number", "SLEP-1")));

        Map<String, Object> atFederal = single(get("/api/v1/sites/" + federal + "/stock"));
        Map<String, Object> atState = single(get("/api/v1/sites/" + state + "/stock"));

        assertThat((json(atFederal.get("lot"))).get("effectiveExpiry")).isEqualTo(extended.toString());
        assertThat((json(atFederal.get("lot"))).get("issuable")).isEqualTo(true);
        assertThat(number(json(atFederal.get("product")), "usableOnHand")).isEqualTo(20);
        assertThat((json(atState.get("lot"))).get("effectiveExpiry")).isEqualTo(labelled.toString());
        assertThat((json(atState.get("lot"))).get("issuable")).isEqualTo(false);
        assertThat(number(json(atState.get("product")), "usableOnHand")).isZero();

        Map<String, Object> across = get("/api/v1/products/" + product + "/stock");
        assertThat(items(across)).extracting(i -> i.get("site"), i -> number(i, "onHand"), i -> number(i, "usableOnHand"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(federal, 20L, 20L),
                        org.assertj.core.groups.Tuple.tuple(state, 20L, 0L));
        Map<String, Object> us = totals(across, "US");
        assertThat(number(us, "onHand")).isEqualTo(40);
        assertThat(number(us, "usableOnHand")).isEqualTo(20);
        assertThat(number(us, "sites")).isEqualTo(2);

        assertThat(items(get("/api/v1/stock/expiring?site=" + federal))).isEmpty();
        assertThat(items(get("/api/v1/stock/expiring?site=" + state))).singleElement()
                .satisfies(lot -> assertThat(lot.get("expired")).isEqualTo(true))
                .satisfies(lot -> assertThat(number(lot, "daysToExpiry")).isEqualTo(-30));
    }

    @Test
    void a_site_stock_pages_by_product_and_lot_and_shows_emptied_lots_only_when_asked() {
        String site = site("CA", false);
        String first = product(null, "vial", "DRUG", null);
        String second = product(null, "box", "PPE", null);
        post(receipt(site, first, "PG-A1", TODAY.plusYears(1), 5, daysAgo(5)));
        post(receipt(site, first, "PG-A2", TODAY.plusYears(2), 5, daysAgo(5)));
        post(receipt(site, second, "PG-B1", TODAY.plusYears(1), 5, daysAgo(5)));
        post(receipt(site, second, "PG-B2", TODAY.plusYears(1), 5, daysAgo(5)));
        post(issue(site, second, "PG-B2", 5, daysAgo(1)));

        List<String> lots = walk("/api/v1/sites/" + site + "/stock?limit=2").stream()
                .map(i -> (String) (json(i.get("lot"))).get("number")).toList();
        List<String> withEmpty = walk("/api/v1/sites/" + site + "/stock?includeEmpty=true&limit=3").stream()
                .map(i -> (String) (json(i.get("lot"))).get("number")).toList();

        assertThat(lots).containsExactly("PG-A1", "PG-A2", "PG-B1");
        assertThat(withEmpty).containsExactly("PG-A1", "PG-A2", "PG-B1", "PG-B2");
    }

    @Test
    void an_unknown_site_is_a_404_problem_and_a_bad_parameter_a_400_naming_it() {
        web.get().uri("/api/v1/sites/NOWHERE/stock").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/not-found");
        web.get().uri("/api/v1/products/NOTHING/stock").exchange().expectStatus().isNotFound();
        badRequest("/api/v1/sites/SNS-R01/stock?asOf=yesterday", "asOf");
        badRequest("/api/v1/sites/SNS-R01/stock?limit=501", "limit");
        badRequest("/api/v1/sites/SNS-R01/stock?cursor=garbage", "cursor");
        badRequest("/api/v1/products/NDC-23155-601/stock?jurisdiction=MX", "jurisdiction");
        badRequest("/api/v1/stock/summary?kind=FOOD", "kind");
        badRequest("/api/v1/stock/summary?atc=12", "atc");
        badRequest("/api/v1/stock/expiring?withinDays=-1", "withinDays");
        badRequest("/api/v1/stock/expiring?withinDays=soon", "withinDays");
        badRequest("/api/v1/sites/SNS-R01/stock?includeEmpty=maybe", "includeEmpty");
        badRequest("/api/v1/stock/below-policy?jurisdiction=EU", "jurisdiction");
    }

    @Test
    void a_cursor_of_one_list_is_refused_by_a_list_with_other_keys() {
        String site = site("US", true);
        String product = product(null, "vial", "DRUG", null);
        post(receipt(site, product, "CU-1", TODAY.plusDays(10), 5, daysAgo(1)));
        post(receipt(site, product, "CU-2", TODAY.plusDays(20), 5, daysAgo(1)));
        String expiringCursor = (String) get("/api/v1/stock/expiring?site=" + site + "&limit=1").get("nextCursor");

        assertThat(expiringCursor).isNotBlank();
        badRequest("/api/v1/stock/below-policy?cursor=" + expiringCursor, "cursor");
        badRequest("/api/v1/sites?cursor=" + expiringCursor, "cursor");
    }

    // --- national summary ---------------------------------------------------------------------------------------

    @Test
    void the_summary_adds_us_and_canadian_stock_separately_per_equivalence_group() {
        String atc = uniqueAtc();
        long group = group(atc);
        String usProduct = product(group, "vial", "DRUG", atc);
        String caProduct = product(group, "vial", "DRUG", atc);
        String ungrouped = product(null, "ampoule", "DRUG", atc);
        String us1 = site("US", true);
        String us2 = site("US", false);
        String ca = site("CA", true);
        post(receipt(us1, usProduct, "SU-1", TODAY.plusYears(1), 100, daysAgo(3)));
        post(receipt(us2, caProduct, "SC-1", TODAY.plusYears(1), 30, daysAgo(3)));
        post(receipt(ca, caProduct, "SC-1", TODAY.plusYears(1), 50, daysAgo(3)));
        post(receipt(ca, ungrouped, "SN-1", TODAY.minusDays(1), 7, daysAgo(3)));
        post(issue(us1, usProduct, "SU-1", 28, daysAgo(2)));

        List<Map<String, Object>> entries = walk("/api/v1/stock/summary?atc=" + atc + "&limit=1");

        assertThat(entries).hasSize(2);
        Map<String, Object> byGroup = entries.get(0);
        assertThat((json(byGroup.get("group"))).get("atcCode")).isEqualTo(atc);
        assertThat(byGroup.get("product")).isNull();
        Map<String, Object> us = json(byGroup.get("us"));
        Map<String, Object> canada = json(byGroup.get("ca"));
        assertThat(number(us, "onHand")).isEqualTo(102);
        assertThat(number(us, "sites")).isEqualTo(2);
        assertThat(number(us, "issuedInWindow")).isEqualTo(28);
        assertThat(((Number) us.get("dailyConsumption")).doubleValue()).isEqualTo(1.0);
        assertThat(((Number) us.get("daysOfSupply")).doubleValue()).isEqualTo(102.0);
        assertThat(canada.get("daysOfSupply")).isNull();
        assertThat(list(us, "products")).containsExactlyElementsOf(sorted(usProduct, caProduct));
        assertThat(number(canada, "onHand")).isEqualTo(50);
        assertThat(number(canada, "sites")).isEqualTo(1);
        assertThat(list(canada, "products")).containsExactly(caProduct);
        assertThat(list(byGroup, "unitsOfIssue")).containsExactly("vial");

        Map<String, Object> alone = entries.get(1);
        assertThat(alone.get("group")).isNull();
        assertThat((json(alone.get("product"))).get("code")).isEqualTo(ungrouped);
        assertThat(number(json(alone.get("us")), "onHand")).isZero();
        assertThat(number(json(alone.get("ca")), "onHand")).isEqualTo(7);
        assertThat(number(json(alone.get("ca")), "usableOnHand")).isZero();
        assertThat(items(get("/api/v1/stock/summary?atc=" + atc + "&kind=PPE"))).isEmpty();
    }

    @Test
    void each_site_shows_its_supply_of_a_group_and_its_most_critical_product() {
        String atc = uniqueAtc();
        long group = group(atc);
        String groupCode = jdbc.queryForObject("SELECT code FROM equivalence_group WHERE id = ?", String.class, group);
        String first = product(group, "vial", "DRUG", atc);
        String second = product(group, "vial", "DRUG", atc);
        String site = site("US", true);
        post(receipt(site, first, "BS-1", TODAY.plusYears(1), 280, daysAgo(20)));
        post(receipt(site, second, "BS-2", TODAY.plusYears(1), 100, daysAgo(20)));
        post(issue(site, first, "BS-1", 28, daysAgo(5)));
        post(issue(site, second, "BS-2", 56, daysAgo(4)));

        List<Map<String, Object>> bySite = items(get("/api/v1/stock/by-site?group=" + groupCode));

        assertThat(bySite).hasSize(1);
        Map<String, Object> supply = bySite.get(0);
        assertThat(supply.get("site")).isEqualTo(site);
        assertThat(number(supply, "usableOnHand")).isEqualTo(252 + 44);
        assertThat(number(supply, "issuedInWindow")).isEqualTo(84);
        assertThat(((Number) supply.get("daysOfSupply")).doubleValue()).isEqualTo(98.7);
        assertThat(((Number) supply.get("lowestDaysOfSupply")).doubleValue()).isEqualTo(22.0);
        assertThat(supply.get("lowestProduct")).isEqualTo(second);
        Map<String, Object> everything = items(get("/api/v1/stock/by-site?jurisdiction=US&limit=500")).stream()
                .filter(s -> site.equals(s.get("site"))).findFirst().orElseThrow();
        assertThat(everything.get("daysOfSupply")).isNull();
        assertThat(everything.get("lowestProduct")).isEqualTo(second);
    }

    // --- expiring soon -----------------------------------------------------------------------------------------

    @Test
    void expiring_soon_finds_lots_in_the_window_and_expired_stock_soonest_first_and_nothing_more() {
        String site = site("CA", true);
        String other = site("CA", true);
        String product = product(null, "vial", "DRUG", null);
        post(receipt(site, product, "EX-LATER", TODAY.plusDays(200), 10, daysAgo(5)));
        post(receipt(site, product, "EX-SOON", TODAY.plusDays(30), 10, daysAgo(5)));
        post(receipt(site, product, "EX-PAST", TODAY.minusDays(5), 10, daysAgo(10)));
        post(receipt(site, product, "EX-GONE", TODAY.plusDays(20), 10, daysAgo(5)));
        post(issue(site, product, "EX-GONE", 10, daysAgo(1)));
        post(receipt(other, product, "EX-SOON", TODAY.plusDays(30), 4, daysAgo(5)));

        List<Map<String, Object>> within90 = walk("/api/v1/stock/expiring?site=" + site + "&limit=1");
        List<Map<String, Object>> within365 = walk("/api/v1/stock/expiring?withinDays=365&jurisdiction=CA&site=" + site);

        assertThat(within90).extracting(l -> l.get("lotNumber")).containsExactly("EX-PAST", "EX-SOON");
        assertThat(within90).extracting(l -> l.get("expired")).containsExactly(true, false);
        assertThat(number(within90.get(1), "daysToExpiry")).isEqualTo(30);
        assertThat(within365).extracting(l -> l.get("lotNumber")).containsExactly("EX-PAST", "EX-SOON", "EX-LATER");
        assertThat(items(get("/api/v1/stock/expiring?site=" + site + "&jurisdiction=US"))).isEmpty();
        assertThat(items(get("/api/v1/stock/expiring?withinDays=0&site=" + site)))
                .extracting(l -> l.get("lotNumber")).containsExactly("EX-PAST");
    }

    // --- below policy -------------------------------------------------------------------------------------------

    @Test
    void below_policy_finds_the_pairs_under_their_reorder_point_with_their_level_and_nothing_more() {
        String site = site("US", true);
        String underSafety = product(null, "vial", "DRUG", null);
        String underReorder = product(null, "vial", "DRUG", null);
        String wellStocked = product(null, "vial", "DRUG", null);
        String onlyExpired = product(null, "vial", "DRUG", null);
        String noPolicy = product(null, "vial", "DRUG", null);
        post(receipt(site, underSafety, "BP-1", TODAY.plusYears(1), 30, daysAgo(2)));
        post(receipt(site, underReorder, "BP-2", TODAY.plusYears(1), 80, daysAgo(2)));
        post(receipt(site, wellStocked, "BP-3", TODAY.plusYears(1), 150, daysAgo(2)));
        post(receipt(site, onlyExpired, "BP-4", TODAY.minusDays(1), 200, daysAgo(2)));
        policy(site, underSafety, 50, 100);
        policy(site, underReorder, 50, 100);
        policy(site, wellStocked, 50, 100);
        policy(site, onlyExpired, 50, 100);

        List<Map<String, Object>> below = walk("/api/v1/stock/below-policy?site=" + site + "&limit=2");

        assertThat(below).extracting(b -> b.get("product"), b -> b.get("level"), b -> number(b, "onHand"),
                        b -> number(b, "usableOnHand"), b -> number(b, "shortfall"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(underSafety, "BELOW_SAFETY_STOCK", 30L, 30L, 70L),
                        org.assertj.core.groups.Tuple.tuple(underReorder, "BELOW_REORDER_POINT", 80L, 80L, 20L),
                        org.assertj.core.groups.Tuple.tuple(onlyExpired, "BELOW_SAFETY_STOCK", 200L, 0L, 100L));
        assertThat(below).extracting(b -> b.get("product")).doesNotContain(wellStocked, noPolicy);
        assertThat(number(below.get(0), "safetyStock")).isEqualTo(50);
        assertThat(number(below.get(0), "reorderPoint")).isEqualTo(100);
        assertThat(items(get("/api/v1/stock/below-policy?site=" + site + "&jurisdiction=CA"))).isEmpty();
    }

    // --- movement history -----------------------------------------------------------------------------------------

    @Test
    void movement_history_pages_newest_first_without_gaps_or_duplicates_even_on_equal_timestamps() {
        String site = site("US", true);
        String product = product(null, "vial", "DRUG", null);
        post(receipt(site, product, "MH-1", TODAY.plusYears(1), 100, daysAgo(20)));
        String same = daysAgo(7);
        for (int i = 0; i < 3; i++) {
            post(issue(site, product, "MH-1", 1, same));
        }
        for (int day = 6; day >= 1; day--) {
            post(issue(site, product, "MH-1", 2, daysAgo(day)));
        }
        List<Long> expected = jdbc.queryForList("SELECT m.id FROM movement m JOIN site s ON s.id = m.site_id "
                + "WHERE s.code = ? ORDER BY m.occurred_at DESC, m.id DESC", Long.class, site);

        for (int limit = 1; limit <= 4; limit++) {
            List<Long> walked = walk("/api/v1/movements?site=" + site + "&limit=" + limit).stream()
                    .map(m -> number(m, "id")).toList();
            assertThat(walked).as("limit %d", limit).containsExactlyElementsOf(expected);
        }
        assertThat(expected).hasSize(10);
    }

    @Test
    void movement_history_filters_by_site_product_lot_type_and_time() {
        String site = site("CA", true);
        String elsewhere = site("CA", true);
        String product = product(null, "vial", "DRUG", null);
        post(receipt(site, product, "MF-1", TODAY.plusYears(1), 100, daysAgo(30)));
        post(receipt(site, product, "MF-2", TODAY.plusYears(1), 100, daysAgo(30)));
        post(receipt(elsewhere, product, "MF-1", TODAY.plusYears(1), 100, daysAgo(30)));
        post(issue(site, product, "MF-1", 5, daysAgo(10)));
        long issued = id(post(issue(site, product, "MF-2", 6, daysAgo(3))));
        long reversal = id(postTo("/api/v1/movements/" + issued + "/reversal", Map.of("reason", "wrong lot")));
        post(Map.of("site", site, "product", product, "type", "WRITE_OFF", "quantity", 1, "reasonCode", "DAMAGED",
                "occurredAt", daysAgo(2), "lot", Map.of("number", "MF-1"), "documentRef", "WO-7"));

        String base = "/api/v1/movements?site=" + site + "&product=" + product;
        assertThat(walk(base)).hasSize(6);
        assertThat(walk(base + "&lot=MF-1")).extracting(m -> m.get("type"))
                .containsExactly("WRITE_OFF", "ISSUE", "RECEIPT");
        assertThat(walk(base + "&type=issue")).extracting(m -> number(m, "id")).hasSize(2).contains(issued);
        assertThat(walk(base + "&type=RECEIPT,WRITE_OFF")).extracting(m -> m.get("type"))
                .containsExactly("WRITE_OFF", "RECEIPT", "RECEIPT");
        assertThat(walk(base + "&from=" + TODAY.minusDays(10) + "&to=" + TODAY.minusDays(3)))
                .extracting(m -> m.get("type")).containsExactly("ISSUE", "ISSUE");
        Map<String, Object> writeOff = walk(base + "&type=WRITE_OFF").get(0);
        assertThat(writeOff.get("reasonCode")).isEqualTo("DAMAGED");
        assertThat(writeOff.get("documentRef")).isEqualTo("WO-7");
        assertThat(writeOff.get("actor")).isEqualTo("test-admin");
        Map<String, Object> reversed = walk(base + "&type=ISSUE&lot=MF-2").get(0);
        assertThat(number(reversed, "reversedBy")).isEqualTo(reversal);
        assertThat(number(walk(base + "&type=REVERSAL").get(0), "reverses")).isEqualTo(issued);
        assertThat(walk("/api/v1/movements?site=" + elsewhere)).hasSize(1);

        badRequest("/api/v1/movements?type=SPILL", "type");
        badRequest("/api/v1/movements?from=2024-02-30", "from");
        badRequest("/api/v1/movements?from=2024-03-02&to=2024-03-01", "to");
        badRequest("/api/v1/movements?limit=0", "limit");
    }

    // --- consumption series ---------------------------------------------------------------------------------------

    @Test
    void the_consumption_series_is_zero_filled_per_utc_day_and_leaves_out_reversed_issues() {
        String site = site("US", false);
        String product = product(null, "vial", "DRUG", null);
        post(receipt(site, product, "CS-1", TODAY.plusYears(1), 100, daysAgo(20)));
        post(issue(site, product, "CS-1", 3, TODAY.minusDays(5) + "T00:00:00Z"));
        post(issue(site, product, "CS-1", 4, TODAY.minusDays(5) + "T23:59:59Z"));
        post(issue(site, product, "CS-1", 5, TODAY.minusDays(2) + "T12:00:00Z"));
        long undone = id(post(issue(site, product, "CS-1", 9, TODAY.minusDays(3) + "T12:00:00Z")));
        postTo("/api/v1/movements/" + undone + "/reversal", Map.of());

        Map<String, Object> series = get("/api/v1/sites/" + site + "/products/" + product + "/consumption?from="
                + TODAY.minusDays(6) + "&to=" + TODAY.minusDays(1));

        assertThat(((List<?>) series.get("days")).stream().map(d -> number(json(d), "issued")).toList())
                .containsExactly(0L, 7L, 0L, 0L, 5L, 0L);
        assertThat(json(list(series, "days").get(1)).get("date"))
                .isEqualTo(TODAY.minusDays(5).toString());
        assertThat(number(series, "totalIssued")).isEqualTo(12);
        Map<String, Object> lastNinetyDays = get("/api/v1/sites/" + site + "/products/" + product + "/consumption");
        assertThat((List<?>) lastNinetyDays.get("days")).hasSize(90);
        assertThat(lastNinetyDays.get("to")).isEqualTo(TODAY.toString());
        assertThat(number(lastNinetyDays, "totalIssued")).isEqualTo(12);

        String path = "/api/v1/sites/" + site + "/products/" + product + "/consumption";
        badRequest(path + "?from=2024-03-02&to=2024-03-01", "from");
        LocalDate start = LocalDate.of(2020, 1, 1);
        badRequest(path + "?from=" + start + "&to=" + start.plusDays(1100), "from");
        assertThat(list(get(path + "?from=" + start + "&to=" + start.plusDays(1099)), "days")).hasSize(1100);
        web.get().uri("/api/v1/sites/" + site + "/products/NOTHING/consumption").exchange().expectStatus().isNotFound();
    }

    @Test
    void the_openapi_document_lists_the_stock_reads() {
        web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/sites/{code}/stock'].get").exists()
                .jsonPath("$.paths['/api/v1/products/{code}/stock'].get").exists()
                .jsonPath("$.paths['/api/v1/stock/summary'].get").exists()
                .jsonPath("$.paths['/api/v1/stock/expiring'].get").exists()
                .jsonPath("$.paths['/api/v1/stock/below-policy'].get").exists()
                .jsonPath("$.paths['/api/v1/movements'].get").exists()
                .jsonPath("$.paths['/api/v1/movements'].post").exists()
                .jsonPath("$.paths['/api/v1/sites/{code}/products/{productCode}/consumption'].get").exists();
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    private String site(String jurisdiction, boolean federal) {
        String code = "ST-" + jurisdiction + "-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("INSERT INTO site (code, name, jurisdiction, agency_id, kind, region, federal, source) "
                        + "SELECT ?, ?, ?, id, ?, ?, ?, 'fixture' FROM agency WHERE code = ?",
                code, "Test site " + code, jurisdiction, federal ? "REGIONAL" : (jurisdiction.equals("US") ? "STATE" : "PROVINCIAL"),
                jurisdiction.equals("US") ? "HHS-1" : "ON", federal, jurisdiction.equals("US") ? "ASPR" : "PHAC");
        return code;
    }

    private String product(Long group, String unit, String kind, String atc) {
        String code = "TEST-" + UUID.randomUUID();
        jdbc.update("INSERT INTO product (code, kind, name, unit_of_issue, atc_code, equivalence_group_id, source) "
                + "VALUES (?, ?, 'Test product', ?, ?, ?, 'fixture')", code, kind, unit, atc, group);
        return code;
    }

    private long group(String atc) {
        return jdbc.queryForObject("INSERT INTO equivalence_group (code, name, atc_code, ingredients, essential, source) "
                + "VALUES (?, 'Test group', ?, 'TESTOSIN', true, 'fixture') RETURNING id", Long.class,
                "EQ-" + UUID.randomUUID(), atc);
    }

    private void policy(String site, String product, long safety, long reorder) {
        jdbc.update("INSERT INTO stock_policy (site_id, product_id, safety_stock, reorder_point, max_stock, reserve_floor, "
                + "updated_by) SELECT s.id, p.id, ?, ?, ?, 0, 'tests' FROM site s, product p WHERE s.code = ? AND p.code = ?",
                safety, reorder, reorder * 3, site, product);
    }

    /** A seven-character ATC-like code no other test uses. */
    private static String uniqueAtc() {
        return "Z" + UUID.randomUUID().toString().replace("-", "").substring(0, 6).toUpperCase();
    }

    private static String daysAgo(int days) {
        return OffsetDateTime.now(ZoneOffset.UTC).minusDays(days).withNano(0).toString();
    }

    private static Map<String, Object> receipt(String site, String product, String lot, LocalDate expiry, long quantity,
                                               String occurredAt) {
        return Map.of("site", site, "product", product, "type", "RECEIPT", "quantity", quantity,
                "occurredAt", occurredAt, "lot", Map.of("number", lot, "expiry", expiry.toString()));
    }

    private static Map<String, Object> issue(String site, String product, String lot, long quantity, String occurredAt) {
        return Map.of("site", site, "product", product, "type", "ISSUE", "quantity", quantity, "occurredAt", occurredAt,
                "lot", Map.of("number", lot));
    }

    private static Map<String, Object> transfer(String type, String site, String product, String lot, long quantity,
                                                String occurredAt) {
        return Map.of("site", site, "product", product, "type", type, "quantity", quantity, "occurredAt", occurredAt,
                "lot", Map.of("number", lot));
    }

    private Map<String, Object> post(Map<String, Object> body) {
        return postTo("/api/v1/movements", body);
    }

    private Map<String, Object> postTo(String uri, Map<String, Object> body) {
        return json(web.post().uri(uri).header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody());
    }

    private static long id(Map<String, Object> result) {
        List<?> lines = (List<?>) result.get("movements");
        assertThat(lines).hasSize(1);
        return number(json(lines.get(0)), "id");
    }

    private Map<String, Object> get(String uri) {
        return history.get(uri);
    }

    private List<Map<String, Object>> walk(String uri) {
        return history.walk(uri);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> map, String key) {
        return (List<Object>) map.get(key);
    }

    private static Map<String, Object> single(Map<String, Object> page) {
        List<Map<String, Object>> items = items(page);
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static Map<String, Object> totals(Map<String, Object> productStock, String jurisdiction) {
        return ((List<?>) productStock.get("totals")).stream().map(t -> json(t))
                .filter(t -> jurisdiction.equals(t.get("jurisdiction"))).findFirst().orElseThrow();
    }

    private static long number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).longValue();
    }

    private static List<String> sorted(String... values) {
        List<String> list = new ArrayList<>(List.of(values));
        list.sort(null);
        return list;
    }

    private void badRequest(String uri, String parameter) {
        web.get().uri(uri).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/invalid-request")
                .jsonPath("$.parameter").isEqualTo(parameter);
    }
}
