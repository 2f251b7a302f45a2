package org.stockbridge.api.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.CatalogueFixture;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * Recommendations end to end on a small seeded ledger: 300 days of consumption, forecast by the demand model trained
 * on request, solved by the optimiser. The NESS national depot runs short of midazolam; SNS Region 1 holds a surplus
 * of the U.S. product, which Canada admits under an exceptional importation listing; SNS Region 6 holds only a SLEP
 * lot of it. SNS Region 9 runs short of a cefazolin whose only surplus is the Canadian (DIN-only) product at the
 * Ontario depot. Tests that only read run first; the one that stores and carries out a transfer runs last.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "stockbridge.forecast.trees=30")
@AutoConfigureWebTestClient(timeout = "PT300S")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransferRecommendationApiIntegrationTests {

    private static final String CA_MIDAZOLAM = "DIN-02240285";
    private static final String US_MIDAZOLAM = "NDC-23155-601";
    private static final String CA_CEFAZOLIN = "DIN-02308479";
    private static final String US_CEFAZOLIN = "NDC-0409-0805";
    private static final List<String> MANAGER = List.of("read", "write", "approve");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LocalTokenIssuer issuer;

    @Autowired
    MeterRegistry meters;

    @Autowired
    TransferRecommender recommender;

    @BeforeAll
    void seed() {
        new CatalogueFixture(jdbc).load();
        long aspr = jdbc.queryForObject("SELECT id FROM agency WHERE code = 'ASPR'", Long.class);
        long phac = jdbc.queryForObject("SELECT id FROM agency WHERE code = 'PHAC'", Long.class);
        jdbc.update("INSERT INTO site (code, name, jurisdiction, agency_id, kind, region, federal, source) VALUES "
                + "('SNS-R09', 'SNS Region 9 (San Francisco)', 'US', ?, 'REGIONAL', 'HHS-9', true, 'fixture'), "
                + "('NESS-ON', 'NESS Ontario depot (Toronto)', 'CA', ?, 'PROVINCIAL', 'ON', true, 'fixture')",
                aspr, phac);
        jdbc.update("UPDATE product SET pack_size = 10 WHERE code = ?", US_MIDAZOLAM);
        jdbc.update("INSERT INTO authorisation (product_id, jurisdiction, basis, reference, valid_from, valid_to, "
                + "source) SELECT id, 'CA', 'EXCEPTIONAL_IMPORTATION', 'List of Drugs for Exceptional Importation', "
                + "current_date - 30, current_date + 365, 'fixture' FROM product WHERE code = ?", US_MIDAZOLAM);
        long group = jdbc.queryForObject("INSERT INTO equivalence_group (code, name, atc_code, ingredients, strength, "
                + "dosage_form, route, essential, source) VALUES ('EQ-CEFAZOLIN-1G-INJ', 'CEFAZOLIN 1 G INJECTION', "
                + "'J01DB04', 'CEFAZOLIN', '1 G', 'INJECTION', 'INTRAVENOUS', true, 'fixture') RETURNING id", Long.class);
        for (String[] p : new String[][] {{CA_CEFAZOLIN, "Cefazolin for Injection", "CA"},
                {US_CEFAZOLIN, "CEFAZOLIN SODIUM", "US"}}) {
            long id = jdbc.queryForObject("INSERT INTO product (code, kind, name, generic_name, unit_of_issue, "
                    + "atc_code, market_jurisdiction, equivalence_group_id, source) VALUES (?, 'DRUG', ?, 'CEFAZOLIN', "
                    + "'vial', 'J01DB04', ?, ?, 'fixture') RETURNING id", Long.class, p[0], p[1], p[2], group);
            jdbc.update("INSERT INTO authorisation (product_id, jurisdiction, basis, valid_from, source) "
                    + "VALUES (?, ?, 'MARKETED', DATE '2015-01-01', 'fixture')", id, p[2]);
        }
        history("NESS-NAT", CA_MIDAZOLAM, "NAT-1", 3100, 8, 5, null);
        history("SNS-R01", US_MIDAZOLAM, "R01-1", 20000, 1, 2, null);
        history("SNS-R06", US_MIDAZOLAM, "SLEP-1", 5000, 1, 2, 900);
        history("SNS-R09", US_CEFAZOLIN, "R09-1", 1600, 4, 3, null);
        history("NESS-ON", CA_CEFAZOLIN, "ON-1", 9000, 1, 2, null);
        // a shortfall in the United States that a U.S. surplus covers: a domestic transfer, Canada's no concern
        history("SNS-R09", US_MIDAZOLAM, "R09-M", 3100, 8, 5, null);
    }

    @Test
    @Order(1)
    void a_canadian_shortfall_is_covered_from_a_us_surplus_of_an_authorised_equivalent() {
        Map<?, ?> answer = recommend(Map.of("quantile", 0.9, "horizonDays", 28, "jurisdiction", "CA"));

        Map<?, ?> solver = (Map<?, ?>) answer.get("solver");
        assertThat(solver.get("status")).isEqualTo("OPTIMAL");
        // the operator's view of the solve: timed by solver and status
        assertThat(meters.get("stockbridge.solver").tag("solver", (String) solver.get("name"))
                .tag("status", "OPTIMAL").timer().count()).isPositive();
        Map<?, ?> shortfall = shortfallAt(answer, "NESS-NAT");
        assertThat(((Number) shortfall.get("requested")).longValue()).isPositive();
        long unmet = ((Number) shortfall.get("unmet")).longValue();
        assertThat(unmet).as("whole packs of 10 leave less than a pack unmet").isBetween(0L, 9L);
        if (unmet > 0) {
            assertThat(list(shortfall.get("reasonsUnmet"))).anySatisfy(r -> assertThat((String) r).contains("pack"));
        }
        Map<?, ?> recommendation = recommendationsTo(answer, "NESS-NAT").get(0);
        assertThat(((Map<?, ?>) recommendation.get("from")).get("code")).isEqualTo("SNS-R01");
        assertThat(((Map<?, ?>) recommendation.get("product")).get("code")).isEqualTo(US_MIDAZOLAM);
        assertThat(recommendation.get("crossBorder")).isEqualTo(true);
        assertThat(list(recommendation.get("crossings"))).hasSize(1);
        assertThat(((Number) recommendation.get("quantity")).longValue() % 10).isZero();
        assertThat(((Map<?, ?>) recommendation.get("explanation")).get("covers")).isNotNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM transfer", Long.class)).isZero();
    }

    @Test
    @Order(2)
    void a_din_only_product_is_not_recommended_into_the_united_states_without_an_authorisation() {
        Map<?, ?> refused = recommend(Map.of("jurisdiction", "US", "productCodes", List.of(US_CEFAZOLIN)));

        Map<?, ?> shortfall = shortfallAt(refused, "SNS-R09");
        assertThat(shortfall.get("covered")).isEqualTo(0);
        assertThat(list(shortfall.get("reasonsUnmet"))).anySatisfy(r ->
                assertThat((String) r).contains("no authorised equivalent in US"));
        assertThat(recommendationsTo(refused, "SNS-R09")).isEmpty();

        jdbc.update("INSERT INTO authorisation (product_id, jurisdiction, basis, reference, valid_from, valid_to, "
                + "source) SELECT id, 'US', 'TEMPORARY_IMPORTATION', 'FDA enforcement discretion', current_date - 1, "
                + "current_date + 180, 'fixture' FROM product WHERE code = ?", CA_CEFAZOLIN);
        try {
            Map<?, ?> admitted = recommend(Map.of("jurisdiction", "US", "productCodes", List.of(US_CEFAZOLIN)));
            assertThat(recommendationsTo(admitted, "SNS-R09")).isNotEmpty().allSatisfy(r ->
                    assertThat(((Map<?, ?>) r.get("product")).get("code")).isEqualTo(CA_CEFAZOLIN));
        } finally {
            jdbc.update("DELETE FROM authorisation WHERE basis = 'TEMPORARY_IMPORTATION'");
        }
    }

    @Test
    @Order(3)
    void a_slep_lot_is_never_recommended_into_canada_even_when_it_is_the_only_surplus() {
        Map<?, ?> answer = web.post().uri("/api/v1/transfer-scenarios")
                .bodyValue(Map.of("jurisdiction", "CA", "closedSites", List.of("SNS-R01"))).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();

        Map<?, ?> scenario = (Map<?, ?>) answer.get("scenario");
        assertThat(recommendationsTo(scenario, "NESS-NAT")).noneSatisfy(r ->
                assertThat(((Map<?, ?>) r.get("lot")).get("lotNumber")).isEqualTo("SLEP-1"));
        assertThat(shortfallAt(scenario, "NESS-NAT").get("unmet")).isEqualTo(shortfallAt(scenario, "NESS-NAT")
                .get("requested"));
        assertThat(recommendationsTo((Map<?, ?>) answer.get("baseline"), "NESS-NAT")).isNotEmpty();
    }

    @Test
    @Order(4)
    void closing_the_crossing_a_recommendation_uses_reroutes_it_and_stores_nothing() {
        Map<?, ?> baseline = recommendationsTo(recommend(Map.of("jurisdiction", "CA")), "NESS-NAT").get(0);
        String crossing = (String) list(baseline.get("crossings")).get(0);

        Map<?, ?> answer = web.post().uri("/api/v1/transfer-scenarios")
                .bodyValue(Map.of("jurisdiction", "CA", "closedCrossings", List.of(crossing))).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();

        Map<?, ?> rerouted = recommendationsTo((Map<?, ?>) answer.get("scenario"), "NESS-NAT").get(0);
        assertThat(list(rerouted.get("crossings"))).isNotEmpty().doesNotContain(crossing);
        assertThat(((Number) rerouted.get("transitDays")).intValue())
                .isGreaterThanOrEqualTo(((Number) baseline.get("transitDays")).intValue());
        assertThat(list(recommendationsTo((Map<?, ?>) answer.get("baseline"), "NESS-NAT").get(0).get("crossings")))
                .containsExactly(crossing);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM transfer", Long.class)).isZero();
    }

    @Test
    @Order(5)
    void a_partner_without_the_forecast_scope_gets_no_recommendation_and_storing_needs_an_idempotency_key() {
        as(issuer.mint("r1-partner", List.of("read", "write"), "US", null, List.of("SNS-R01"), Duration.ofHours(1)))
                .post().uri("/api/v1/transfer-recommendations").bodyValue(Map.of()).exchange()
                .expectStatus().isForbidden();
        web.post().uri("/api/v1/transfer-recommendations").bodyValue(Map.of("save", true)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.parameter").isEqualTo("Idempotency-Key");
        web.post().uri("/api/v1/transfer-recommendations").bodyValue(Map.of("quantile", 1.5)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.parameter").isEqualTo("quantile");
    }

    @Test
    @Order(5)
    void a_quantile_above_what_the_projection_reads_is_refused_naming_it_on_both_endpoints() {
        for (String uri : List.of("/api/v1/transfer-recommendations", "/api/v1/transfer-scenarios")) {
            web.post().uri(uri).bodyValue(Map.of("quantile", 0.98)).exchange()
                    .expectStatus().isBadRequest().expectBody()
                    .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/invalid-request")
                    .jsonPath("$.parameter").isEqualTo("quantile")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("0.95", "0.98"));
        }
    }

    @Test
    @Order(5)
    void a_manager_may_look_at_the_other_countrys_recommendation_but_stores_only_transfers_touching_their_own() {
        List<String> manager = List.of("read", "write", "forecast", "approve");
        WebTestClient phac = as(issuer.mint("phac-manager", manager, "CA", null, null, Duration.ofHours(1)));
        WebTestClient aspr = as(issuer.mint("aspr-manager", manager, "US", null, null, Duration.ofHours(1)));
        long before = jdbc.queryForObject("SELECT count(*) FROM transfer", Long.class);

        Map<?, ?> looked = phac.post().uri("/api/v1/transfer-recommendations")
                .bodyValue(Map.of("jurisdiction", "US")).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> domestic = (Map<?, ?>) recommendationsTo(looked, "SNS-R09").get(0).get("from");
        assertThat(domestic.get("jurisdiction")).isEqualTo("US");
        phac.post().uri("/api/v1/transfer-recommendations").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("jurisdiction", "US", "save", true)).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/forbidden")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("phac-manager acts in CA", domestic.get("code") + "->SNS-R09", "nothing was stored"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM transfer", Long.class)).isEqualTo(before);

        Map<?, ?> crossBorder = phac.post().uri("/api/v1/transfer-recommendations")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("jurisdiction", "CA", "save", true)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(recommendationsTo(crossBorder, "NESS-NAT")).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("crossBorder")).isEqualTo(true);
            assertThat(r.get("transferId")).isNotNull();
        });
        Map<?, ?> own = aspr.post().uri("/api/v1/transfer-recommendations")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("jurisdiction", "US", "save", true)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(recommendationsTo(own, "SNS-R09").get(0).get("transferId")).isNotNull();
    }

    @Test
    @Order(6)
    void saving_the_same_request_twice_saves_nothing_new_and_no_donor_is_promised_more_than_its_surplus() {
        List<String> manager = List.of("read", "write", "forecast", "approve");
        WebTestClient aspr = as(issuer.mint("aspr-manager", manager, "US", null, null, Duration.ofHours(1)));
        WebTestClient phac = as(issuer.mint("phac-manager", manager, "CA", null, null, Duration.ofHours(1)));
        for (var save : List.of(Map.entry(aspr, "US"), Map.entry(phac, "CA"))) {
            save(save.getKey(), save.getValue());
            long stored = jdbc.queryForObject("SELECT count(*) FROM transfer", Long.class);

            Map<?, ?> again = save(save.getKey(), save.getValue());

            assertThat(list(again.get("recommendations"))).as("saved again for " + save.getValue()).isEmpty();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM transfer", Long.class)).isEqualTo(stored);
        }
        // what every donor has promised in open transfers stays within the surplus its first explanation stated
        List<Map<String, Object>> donors = jdbc.queryForList("""
                SELECT t.from_site_id, t.product_id, sum(t.quantity) AS promised,
                       (SELECT sum(b.on_hand) FROM balance b
                         WHERE b.site_id = t.from_site_id AND b.product_id = t.product_id) AS on_hand,
                       (array_agg(t.explanation ->> 'whyDonor' ORDER BY t.id))[1] AS why
                  FROM transfer t WHERE t.state IN ('RECOMMENDED', 'APPROVED')
                 GROUP BY t.from_site_id, t.product_id""");
        assertThat(donors).isNotEmpty().allSatisfy(d -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("has ([\\d,]+) units above what it must keep")
                    .matcher((String) d.get("why"));
            assertThat(m.find()).as((String) d.get("why")).isTrue();
            assertThat(((Number) d.get("promised")).longValue()).as((String) d.get("why"))
                    .isLessThanOrEqualTo(Long.parseLong(m.group(1).replace(",", "")));
        });
        // once the plan is saved, a request that only looks recommends nothing more to the depot
        Map<?, ?> looked = recommend(Map.of("jurisdiction", "CA"));
        assertThat(recommendationsTo(looked, "NESS-NAT")).isEmpty();
    }

    @Test
    @Order(7)
    void a_saved_cross_border_recommendation_is_approved_by_both_dispatched_and_received_moving_both_balances() {
        // what earlier tests saved would cover the depot's shortfall: cancelled, it no longer counts
        jdbc.update("UPDATE transfer SET state = 'CANCELLED', cancelled_at = now(), cancelled_by = 'test', "
                + "cancel_reason = 'start afresh', version = version + 1 WHERE state = 'RECOMMENDED'");
        long donorBefore = onHand("SNS-R01", US_MIDAZOLAM);
        long depotBefore = onHand("NESS-NAT", US_MIDAZOLAM);
        String key = UUID.randomUUID().toString();
        Map<?, ?> saved = web.post().uri("/api/v1/transfer-recommendations").header("Idempotency-Key", key)
                .bodyValue(Map.of("jurisdiction", "CA", "save", true)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> recommendation = recommendationsTo(saved, "NESS-NAT").get(0);
        long id = ((Number) recommendation.get("transferId")).longValue();
        long quantity = ((Number) recommendation.get("quantity")).longValue();
        long stored = jdbc.queryForObject("SELECT count(*) FROM transfer", Long.class);
        web.post().uri("/api/v1/transfer-recommendations").header("Idempotency-Key", key)
                .bodyValue(Map.of("jurisdiction", "CA", "save", true)).exchange()
                .expectStatus().isCreated().expectHeader().valueEquals("Idempotent-Replayed", "true");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM transfer", Long.class)).isEqualTo(stored);

        WebTestClient us = as(issuer.mint("aspr-manager", MANAGER, "US", null, null, Duration.ofHours(1)));
        WebTestClient ca = as(issuer.mint("phac-manager", MANAGER, "CA", null, null, Duration.ofHours(1)));
        Map<?, ?> transfer = web.get().uri("/api/v1/transfers/{id}", id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(transfer.get("state")).isEqualTo("RECOMMENDED");
        assertThat(((Map<?, ?>) transfer.get("explanation")).get("whyDonor")).isNotNull();
        transfer = step(us, id, "approvals", transfer, Map.of());
        assertThat(transfer.get("state")).isEqualTo("RECOMMENDED");
        transfer = step(ca, id, "approvals", transfer, Map.of());
        assertThat(transfer.get("state")).isEqualTo("APPROVED");
        transfer = step(us, id, "dispatch", transfer, Map.of());
        assertThat(transfer.get("state")).isEqualTo("DISPATCHED");
        transfer = step(ca, id, "receipt", transfer, Map.of("receivedQuantity", quantity));
        assertThat(transfer.get("state")).isEqualTo("RECEIVED");

        assertThat(onHand("SNS-R01", US_MIDAZOLAM)).isEqualTo(donorBefore - quantity);
        assertThat(onHand("NESS-NAT", US_MIDAZOLAM)).isEqualTo(depotBefore + quantity);
    }

    @Test
    @Order(8)
    void a_plan_whose_open_transfers_changed_while_it_was_solved_is_refused_and_stores_nothing() {
        Caller official = new Caller("official", Set.of("read", "write", "forecast"), null, null);
        TransferRecommender.Parameters parameters = RecommendationController.parameters(0.9, 28, null, null);
        TransferRecommender.Run first = recommender.recommend(parameters, TransferRecommender.Scenario.NONE, official)
                .block();
        TransferRecommender.Run second = recommender.recommend(parameters, TransferRecommender.Scenario.NONE, official)
                .block();
        assertThat(first.transfers()).isNotEmpty();
        // the second plan, solved at the same time from the same open transfers, is saved first
        recommender.save(second, "other").block();
        long stored = jdbc.queryForObject("SELECT count(*) FROM transfer", Long.class);

        assertThatThrownBy(() -> recommender.save(first, "test").block()).isInstanceOfSatisfying(ApiException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(e.type().toString()).endsWith("/problems/open-transfers-changed");
                    assertThat(e.getMessage()).isEqualTo(
                            "open transfers changed while the plan was being solved; ask again");
                });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM transfer", Long.class)).isEqualTo(stored);
    }

    /** A lot received 301 days ago, then issued every day since: base + (day mod spread) units a day. */
    private void history(String site, String product, String lot, int received, int base, int spread,
                         Integer extendedDays) {
        jdbc.update("INSERT INTO lot (product_id, lot_number, labelled_expiry, extended_expiry) SELECT id, ?, "
                + "current_date + 700, " + (extendedDays == null ? "NULL" : "current_date + " + extendedDays)
                + " FROM product WHERE code = ?", lot, product);
        jdbc.update("""
                INSERT INTO movement (site_id, product_id, lot_id, type, quantity, reason_code, occurred_at, actor)
                SELECT s.id, l.product_id, l.id, 'RECEIPT', ?, 'PURCHASE', now() - interval '301 days', 'seed'
                  FROM site s, lot l WHERE s.code = ? AND l.lot_number = ?""", received, site, lot);
        jdbc.update("""
                INSERT INTO movement (site_id, product_id, lot_id, type, quantity, reason_code, occurred_at, actor)
                SELECT s.id, l.product_id, l.id, 'ISSUE', -(? + (d % ?)), 'DISPENSED',
                       now() - make_interval(days => 300 - d), 'seed'
                  FROM site s, lot l, generate_series(0, 299) d WHERE s.code = ? AND l.lot_number = ?""",
                base, spread, site, lot);
    }

    private Map<?, ?> save(WebTestClient client, String jurisdiction) {
        return client.post().uri("/api/v1/transfer-recommendations")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("quantile", 0.9, "horizonDays", 28, "jurisdiction", jurisdiction, "save", true))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    }

    private Map<?, ?> recommend(Map<String, ?> body) {
        return web.post().uri("/api/v1/transfer-recommendations").bodyValue(body).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private static Map<?, ?> shortfallAt(Map<?, ?> answer, String site) {
        return list(answer.get("shortfalls")).stream().map(s -> (Map<?, ?>) s)
                .filter(s -> site.equals(((Map<?, ?>) s.get("site")).get("code"))).findFirst()
                .orElseThrow(() -> new AssertionError("no shortfall at " + site + " in " + answer.get("shortfalls")));
    }

    private static List<Map<?, ?>> recommendationsTo(Map<?, ?> answer, String site) {
        return list(answer.get("recommendations")).stream().<Map<?, ?>>map(r -> (Map<?, ?>) r)
                .filter(r -> site.equals(((Map<?, ?>) r.get("to")).get("code"))).toList();
    }

    private Map<?, ?> step(WebTestClient client, long id, String step, Map<?, ?> transfer, Map<String, ?> body) {
        return client.post().uri("/api/v1/transfers/{id}/" + step, id)
                .header("If-Match", "\"" + transfer.get("version") + "\"")
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private long onHand(String site, String product) {
        return jdbc.queryForObject("SELECT coalesce(sum(b.on_hand), 0) FROM balance b JOIN site s ON s.id = b.site_id "
                + "JOIN product p ON p.id = b.product_id WHERE s.code = ? AND p.code = ?", Long.class, site, product);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private WebTestClient as(String token) {
        return web.mutate().defaultHeaders(headers -> headers.setBearerAuth(token)).build();
    }
}
