package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * The ledger is true to time as well as to sums: no line before its lot arrived at the site, none beyond the backdating
 * window, none that leaves an earlier moment without the stock it takes; counts placed at the moment they were taken;
 * a lot's dates are the lot's. Each case was found against the running service from the outside.
 */
@ApiIntegrationTest
class LedgerTimeApiIntegrationTests {

    private static final String PRODUCT = "NDC-23155-601";

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

    @BeforeAll
    void catalogue() {
        new CatalogueFixture(jdbc).load();
    }

    @Test
    void an_issue_backdated_years_before_its_lot_arrived_cannot_slip_past_the_expiry_rule() {
        String lot = lot();
        created(receipt("SNS-R01", lot, LocalDate.parse("2021-01-01"), 100, null));

        refused(issue("SNS-R01", lot, 10, null), 409, "lot-not-issuable");
        refused(issue("SNS-R01", lot, 10, "2020-12-31T00:00:00Z"), 400, "invalid-request")
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("at most 30 days in the past"));
        assertThat(balance("SNS-R01", lot)).isEqualTo(100);
    }

    @Test
    void a_line_dated_before_its_lot_first_moved_at_the_site_is_refused_within_the_window_too() {
        String lot = lot();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        created(receipt("SNS-R01", lot, LocalDate.now().plusYears(2), 100, now.minusHours(1).toString()));

        refused(issue("SNS-R01", lot, 10, now.minusHours(2).toString()), 409, "before-lot-arrived")
                .jsonPath("$.firstMovementAt").exists();
        refused(receipt("SNS-R01", lot, LocalDate.now().plusYears(2), 5, now.minusDays(3).toString()), 409,
                "before-lot-arrived");
        created(issue("SNS-R01", lot, 10, now.minusMinutes(30).toString()));
        assertThat(balance("SNS-R01", lot)).isEqualTo(90);
    }

    @Test
    void a_backdated_issue_may_not_take_stock_that_was_not_there_at_its_date() {
        String lot = lot();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        created(receipt("SNS-R01", lot, LocalDate.now().plusYears(2), 100, now.minusHours(3).toString()));
        created(receipt("SNS-R01", lot, LocalDate.now().plusYears(2), 100, now.minusHours(1).toString()));

        refused(issue("SNS-R01", lot, 150, now.minusHours(2).toString()), 409, "insufficient-stock-at-the-time")
                .jsonPath("$.available").isEqualTo(100).jsonPath("$.requested").isEqualTo(150);
        created(issue("SNS-R01", lot, 60, now.minusHours(2).toString()));
        refused(issue("SNS-R01", lot, 50, now.minusHours(2).plusMinutes(1).toString()), 409,
                "insufficient-stock-at-the-time");
        created(issue("SNS-R01", lot, 140, null));
        assertThat(balance("SNS-R01", lot)).isZero();
    }

    @Test
    void a_count_taken_before_a_later_issue_keeps_the_issue() {
        String lot = lot();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        created(receipt("SNS-R01", lot, LocalDate.now().plusYears(2), 100, now.minusMinutes(4).toString()));
        created(issue("SNS-R01", lot, 30, now.minusMinutes(1).toString()));

        web.post().uri("/api/v1/sites/SNS-R01/stock-positions").header("Idempotency-Key", key())
                .bodyValue(Map.of("countedAt", now.minusMinutes(2).toString(),
                        "positions", List.of(Map.of("product", PRODUCT, "lot", lot, "counted", 100))))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.unchanged").isEqualTo(1);
        assertThat(balance("SNS-R01", lot)).isEqualTo(70);

        Map<?, ?> counted = created(count("SNS-R01", lot, 95, now.minusMinutes(2).toString()));
        Map<?, ?> line = (Map<?, ?>) ((List<?>) counted.get("movements")).get(0);
        assertThat(line.get("priorOnHand")).isEqualTo(100);
        assertThat(line.get("quantity")).isEqualTo(-5);
        assertThat(balance("SNS-R01", lot)).isEqualTo(65);
        assertInvariant();
    }

    @Test
    void a_count_that_would_leave_a_later_movement_without_stock_is_refused() {
        String lot = lot();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        created(receipt("SNS-R01", lot, LocalDate.now().plusYears(2), 100, now.minusMinutes(4).toString()));
        created(issue("SNS-R01", lot, 80, now.minusMinutes(1).toString()));

        refused(count("SNS-R01", lot, 10, now.minusMinutes(2).toString()), 409, "insufficient-stock-at-the-time");
        assertThat(balance("SNS-R01", lot)).isEqualTo(20);
    }

    @Test
    void concurrent_first_counts_of_a_lot_new_to_a_site_are_applied_one_after_the_other() throws Exception {
        String lot = lot();
        created(receipt("SNS-R06", lot, LocalDate.now().plusYears(2), 5, null));
        List<Integer> statuses = concurrently(10, () -> web.post().uri("/api/v1/movements")
                .header("Idempotency-Key", key()).bodyValue(count("SNS-R01", lot, 100, null)).exchange()
                .returnResult(String.class).getStatus().value());

        assertThat(statuses).containsOnly(201);
        assertThat(balance("SNS-R01", lot)).isEqualTo(100);
        assertThat(jdbc.queryForObject("SELECT max(running) FROM (SELECT sum(m.quantity) OVER (ORDER BY m.id) AS "
                + "running FROM movement m JOIN lot l ON l.id = m.lot_id JOIN site s ON s.id = m.site_id "
                + "WHERE l.lot_number = ? AND s.code = 'SNS-R01') r", Long.class, lot)).isEqualTo(100);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movement m JOIN lot l ON l.id = m.lot_id JOIN site s "
                + "ON s.id = m.site_id WHERE l.lot_number = ? AND s.code = 'SNS-R01' AND m.quantity <> 0", Long.class,
                lot)).isEqualTo(1);
        assertInvariant();
    }

    @Test
    void a_receipt_naming_other_dates_than_the_stored_lot_is_refused_naming_the_record_only_to_who_may_see_it() {
        String lot = lot();
        created(receipt("SNS-R01", lot, LocalDate.parse("2030-06-30"), 10, null));
        WebTestClient partner = web.mutate().defaultHeaders(h -> h.setBearerAuth(issuer.mint("r6-partner",
                List.of("read", "write"), "US", null, List.of("SNS-R06"), java.time.Duration.ofMinutes(10)))).build();

        partner.post().uri("/api/v1/movements").header("Idempotency-Key", key())
                .bodyValue(receipt("SNS-R06", lot, LocalDate.parse("2031-06-30"), 10, null)).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/lot-mismatch")
                .jsonPath("$.detail").value(d -> assertThat(d.toString())
                        .contains("exists with expiry 2030-06-30, not 2031-06-30")
                        .doesNotContain("SNS-R01").doesNotContain("test-admin"));
        refused(receipt("SNS-R06", lot, LocalDate.parse("2031-06-30"), 10, null), 409, "lot-mismatch")
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("by test-admin at SNS-R01"));
        Map<String, Object> extended = receipt("SNS-R01", lot, LocalDate.parse("2030-06-30"), 10, null);
        ((Map<String, Object>) extended.get("lot")).put("extendedExpiry", "2031-06-30");
        refused(extended, 409, "lot-mismatch");
        assertThat(jdbc.queryForObject("SELECT labelled_expiry FROM lot WHERE lot_number = ?", LocalDate.class, lot))
                .isEqualTo(LocalDate.parse("2030-06-30"));
    }

    @Test
    void a_slep_date_is_shown_only_where_it_applies() {
        String lot = lot();
        Map<String, Object> federal = receipt("SNS-R01", lot, LocalDate.parse("2027-01-31"), 10, null);
        ((Map<String, Object>) federal.get("lot")).put("extendedExpiry", "2028-01-31");
        created(federal);
        created(line("NESS-NAT", lot, "RECEIPT", 10, null, Map.of("number", lot)));

        web.get().uri("/api/v1/sites/SNS-R01/products/" + PRODUCT + "/lots/" + lot + "/balance").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.extendedExpiry").isEqualTo("2028-01-31");
        web.get().uri("/api/v1/sites/NESS-NAT/products/" + PRODUCT + "/lots/" + lot + "/balance").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.extendedExpiry").doesNotExist();
        web.get().uri("/api/v1/sites/NESS-NAT/stock?product=" + PRODUCT).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.lot.number == '" + lot + "')].lot.extendedExpiry")
                .value(v -> assertThat((List<?>) v).hasSize(1).containsOnlyNulls())
                .jsonPath("$.items[?(@.lot.number == '" + lot + "')].lot.effectiveExpiry")
                .value(v -> assertThat(String.valueOf(v)).isEqualTo("[\"2027-01-31\"]"));
    }

    @Test
    void a_count_without_a_time_is_taken_before_a_line_dated_a_moment_ahead() {
        String lot = lot();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        created(receipt("SNS-R01", lot, LocalDate.now().plusYears(2), 100, now.minusHours(1).toString()));
        created(issue("SNS-R01", lot, 30, now.plusMinutes(4).toString()));

        Map<?, ?> counted = created(count("SNS-R01", lot, 100, null));
        Map<?, ?> line = (Map<?, ?>) ((List<?>) counted.get("movements")).get(0);

        assertThat(line.get("quantity")).isEqualTo(0);
        assertThat(line.get("priorOnHand")).isEqualTo(100);
        assertThat(balance("SNS-R01", lot)).isEqualTo(70);
        web.post().uri("/api/v1/sites/SNS-R01/stock-positions").header("Idempotency-Key", key())
                .bodyValue(Map.of("positions", List.of(Map.of("product", PRODUCT, "lot", lot, "counted", 100))))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.unchanged").isEqualTo(1);
        assertThat(balance("SNS-R01", lot)).isEqualTo(70);
        assertInvariant();
    }

    @Test
    void only_a_us_federal_site_may_give_a_lot_a_slep_extended_expiry() {
        String lot = lot();
        Map<String, Object> canadian = receipt("NESS-NAT", lot, LocalDate.parse("2027-01-31"), 10, null);
        ((Map<String, Object>) canadian.get("lot")).put("extendedExpiry", "2028-01-31");
        refused(canadian, 400, "invalid-request").jsonPath("$.detail")
                .value(d -> assertThat(d.toString()).contains("only U.S. federal sites"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM lot WHERE lot_number = ?", Long.class, lot)).isZero();

        Map<String, Object> federal = receipt("SNS-R01", lot, LocalDate.parse("2027-01-31"), 10, null);
        ((Map<String, Object>) federal.get("lot")).put("extendedExpiry", "2028-01-31");
        created(federal);
    }

    @Test
    void concurrent_undated_first_receipts_of_a_lot_are_dated_in_the_order_written_and_all_kept() throws Exception {
        String lot = lot();
        List<Integer> statuses = concurrently(10, () -> web.post().uri("/api/v1/movements").header("Idempotency-Key",
                        key()).bodyValue(receipt("SNS-R01", lot, LocalDate.now().plusYears(2), 10, null)).exchange()
                .returnResult(String.class).getStatus().value());

        assertThat(statuses).containsOnly(201);
        assertThat(balance("SNS-R01", lot)).isEqualTo(100);
        assertThat(jdbc.queryForList("SELECT m.occurred_at FROM movement m JOIN lot l ON l.id = m.lot_id "
                + "WHERE l.lot_number = ? ORDER BY m.id", java.time.OffsetDateTime.class, lot)).isSorted();
    }

    private Map<?, ?> created(Map<String, Object> body) {
        return web.post().uri("/api/v1/movements").header("Idempotency-Key", key()).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    }

    private WebTestClient.BodyContentSpec refused(Map<String, Object> body, int status, String type) {
        return web.post().uri("/api/v1/movements").header("Idempotency-Key", key()).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/" + type);
    }

    /** Runs {@code task} on {@code writers} threads released at once; their answers. */
    private static <T> List<T> concurrently(int writers, java.util.concurrent.Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> answers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> answer : answers) {
                results.add(answer.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    private static Map<String, Object> receipt(String site, String lot, LocalDate expiry, long quantity,
                                               String occurredAt) {
        Map<String, Object> lotRequest = new LinkedHashMap<>();
        lotRequest.put("number", lot);
        lotRequest.put("expiry", expiry.toString());
        return line(site, lot, "RECEIPT", quantity, occurredAt, lotRequest);
    }

    private static Map<String, Object> issue(String site, String lot, long quantity, String occurredAt) {
        return line(site, lot, "ISSUE", quantity, occurredAt, Map.of("number", lot));
    }

    private static Map<String, Object> count(String site, String lot, long counted, String occurredAt) {
        Map<String, Object> body = line(site, lot, "COUNT", 0, occurredAt, Map.of("number", lot));
        body.remove("quantity");
        body.put("counted", counted);
        return body;
    }

    private static Map<String, Object> line(String site, String lot, String type, long quantity, String occurredAt,
                                            Map<String, Object> lotRequest) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("site", site);
        body.put("product", PRODUCT);
        body.put("type", type);
        body.put("quantity", quantity);
        body.put("lot", lotRequest);
        if (occurredAt != null) {
            body.put("occurredAt", occurredAt);
        }
        return body;
    }

    private long balance(String site, String lot) {
        List<Long> rows = jdbc.queryForList("SELECT b.on_hand FROM balance b JOIN site s ON s.id = b.site_id "
                + "JOIN lot l ON l.id = b.lot_id WHERE s.code = ? AND l.lot_number = ?", Long.class, site, lot);
        return rows.isEmpty() ? 0 : rows.get(0);
    }

    private void assertInvariant() {
        assertThat(jdbc.queryForList("SELECT b.site_id, b.lot_id FROM balance b LEFT JOIN (SELECT site_id, product_id, "
                + "lot_id, sum(quantity) AS total FROM movement GROUP BY 1, 2, 3) m USING (site_id, product_id, lot_id) "
                + "WHERE b.on_hand <> coalesce(m.total, 0) OR b.on_hand < 0")).isEmpty();
    }

    private static String lot() {
        return "T-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
