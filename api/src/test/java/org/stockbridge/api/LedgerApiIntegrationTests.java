package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

@ApiIntegrationTest
class LedgerApiIntegrationTests {

    private static final String US_PRODUCT = "NDC-23155-601";
    private static final String CA_PRODUCT = "DIN-02240285";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    LocalTokenIssuer issuer;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    void catalogue() {
        new CatalogueFixture(jdbc).load();
        jdbc.update("INSERT INTO site (code, name, jurisdiction, agency_id, kind, region, federal, source) "
                + "SELECT 'US-STATE-1', 'A state stockpile', 'US', id, 'STATE', 'HHS-6', false, 'fixture' FROM agency "
                + "WHERE code = 'ASPR'");
    }

    @Test
    void a_receipt_creates_its_lot_and_the_balance_follows_the_ledger() {
        Map<?, ?> line = single(post(receipt("SNS-R01", US_PRODUCT, "R-1", LocalDate.now().plusYears(2), 120)));

        assertThat(line.get("type")).isEqualTo("RECEIPT");
        assertThat(((Number) line.get("balanceAfter")).longValue()).isEqualTo(120);
        assertThat(balance("SNS-R01", US_PRODUCT, "R-1")).isEqualTo(120);
        web.get().uri("/api/v1/sites/SNS-R01/products/" + US_PRODUCT + "/lots/R-1/balance").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody().jsonPath("$.onHand").isEqualTo(120).jsonPath("$.lotStatus").isEqualTo("RELEASED");
        web.get().uri("/api/v1/sites/SNS-R01/products/" + US_PRODUCT + "/lots/NOPE/balance").exchange()
                .expectStatus().isNotFound();
        assertInvariant();
    }

    @Test
    void the_balance_route_answers_head_with_its_etag_and_an_unknown_lot_with_a_problem_naming_it() {
        post(receipt("SNS-R01", US_PRODUCT, "R-HEAD", LocalDate.now().plusYears(2), 7));
        web.head().uri("/api/v1/sites/SNS-R01/products/" + US_PRODUCT + "/lots/R-HEAD/balance").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody().isEmpty();
        web.get().uri("/api/v1/sites/SNS-R01/products/" + US_PRODUCT + "/lots/NOPE/balance").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/not-found")
                .jsonPath("$.detail").isEqualTo("no balance of lot NOPE of " + US_PRODUCT + " at SNS-R01");
    }

    @Test
    void an_issue_without_a_lot_takes_the_lot_that_expires_first() {
        String product = freshProduct();
        post(receipt("SNS-R06", product, "F-LATE", LocalDate.now().plusYears(3), 50));
        post(receipt("SNS-R06", product, "F-EARLY", LocalDate.now().plusMonths(2), 30));

        List<Object> lines = movements(post(Map.of("site", "SNS-R06", "product", product, "type", "ISSUE", "quantity", 40)));

        assertThat(lines.stream().map(l -> (Object) ((Map<?, ?>) l).get("lotNumber")).toList()).containsExactly("F-EARLY", "F-LATE");
        assertThat(lines.stream().map(l -> (Object) ((Map<?, ?>) l).get("quantity")).toList()).containsExactly(-30, -10);
        assertInvariant();
    }

    @Test
    void an_issue_larger_than_the_lot_is_refused_naming_the_lot_and_the_missing_quantity() {
        post(receipt("NESS-NAT", CA_PRODUCT, "S-1", LocalDate.now().plusYears(1), 10));

        web.post().uri("/api/v1/movements").header("Idempotency-Key", key())
                .bodyValue(Map.of("site", "NESS-NAT", "product", CA_PRODUCT, "type", "ISSUE", "quantity", 15,
                        "lot", Map.of("number", "S-1")))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/insufficient-stock")
                .jsonPath("$.lot").isEqualTo("S-1")
                .jsonPath("$.available").isEqualTo(10)
                .jsonPath("$.missing").isEqualTo(5);
        assertThat(balance("NESS-NAT", CA_PRODUCT, "S-1")).isEqualTo(10);
    }

    @Test
    void expired_quarantined_and_recalled_lots_are_never_issued() {
        String product = freshProduct();
        post(receipt("SNS-R06", product, "Q-1", LocalDate.now().plusYears(1), 10));
        jdbc.update("UPDATE lot SET status = 'QUARANTINED' WHERE lot_number = 'Q-1'");

        web.post().uri("/api/v1/movements").header("Idempotency-Key", key())
                .bodyValue(Map.of("site", "SNS-R06", "product", product, "type", "ISSUE", "quantity", 1,
                        "lot", Map.of("number", "Q-1")))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/lot-not-issuable");
        web.post().uri("/api/v1/movements").header("Idempotency-Key", key())
                .bodyValue(Map.of("site", "SNS-R06", "product", product, "type", "ISSUE", "quantity", 1))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.available").isEqualTo(0);
    }

    @Test
    void an_extended_slep_expiry_counts_at_a_us_federal_site_but_not_at_a_state_site() {
        String product = freshProduct();
        LocalDate expired = LocalDate.now().minusDays(30);
        Map<String, Object> lot = Map.of("number", "SLEP-1", "expiry", expired.toString(),
                "extendedExpiry", expired.plusYears(1).toString());
        post(Map.of("site", "SNS-R01", "product", product, "type", "RECEIPT", "quantity", 20, "lot", lot));
        post(Map.of("site", "US-STATE-1", "product", product, "type", "RECEIPT", "quantity", 20,
                "lot", Map.of("number", "SLEP-1")));

        web.post().uri("/api/v1/movements").header("Idempotency-Key", key())
                .bodyValue(Map.of("site", "SNS-R01", "product", product, "type", "ISSUE", "quantity", 5))
                .exchange().expectStatus().isCreated();
        web.post().uri("/api/v1/movements").header("Idempotency-Key", key())
                .bodyValue(Map.of("site", "US-STATE-1", "product", product, "type", "ISSUE", "quantity", 5))
                .exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void a_physical_count_records_the_prior_stock_and_writes_the_correcting_line() {
        post(receipt("SNS-R01", CA_PRODUCT, "C-1", LocalDate.now().plusYears(1), 100));

        Map<?, ?> correction = single(post(Map.of("site", "SNS-R01", "product", CA_PRODUCT, "type", "COUNT",
                "counted", 93, "lot", Map.of("number", "C-1"))));
        Map<?, ?> unchanged = single(post(Map.of("site", "SNS-R01", "product", CA_PRODUCT, "type", "COUNT",
                "counted", 93, "lot", Map.of("number", "C-1"))));

        assertThat(correction.get("type")).isEqualTo("COUNT_CORRECTION");
        assertThat(correction.get("priorOnHand")).isEqualTo(100);
        assertThat(correction.get("quantity")).isEqualTo(-7);
        assertThat(unchanged.get("quantity")).isEqualTo(0);
        assertThat(unchanged.get("priorOnHand")).isEqualTo(93);
        assertThat(balance("SNS-R01", CA_PRODUCT, "C-1")).isEqualTo(93);
    }

    @Test
    void an_adjustment_takes_its_direction_from_a_typed_reason_and_a_write_off_needs_one() {
        post(receipt("SNS-R06", CA_PRODUCT, "A-1", LocalDate.now().plusYears(1), 10));

        Map<?, ?> found = single(post(Map.of("site", "SNS-R06", "product", CA_PRODUCT, "type", "ADJUSTMENT",
                "quantity", 3, "reasonCode", "FOUND", "lot", Map.of("number", "A-1"))));
        Map<?, ?> lost = single(post(Map.of("site", "SNS-R06", "product", CA_PRODUCT, "type", "ADJUSTMENT",
                "quantity", 2, "reasonCode", "LOST", "lot", Map.of("number", "A-1"))));

        assertThat(found.get("quantity")).isEqualTo(3);
        assertThat(lost.get("quantity")).isEqualTo(-2);
        web.post().uri("/api/v1/movements").header("Idempotency-Key", key())
                .bodyValue(Map.of("site", "SNS-R06", "product", CA_PRODUCT, "type", "WRITE_OFF", "quantity", 1,
                        "lot", Map.of("number", "A-1")))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("movement.reasonCode");
        web.post().uri("/api/v1/movements").header("Idempotency-Key", key())
                .bodyValue(Map.of("site", "SNS-R06", "product", CA_PRODUCT, "type", "WRITE_OFF", "quantity", 1,
                        "reasonCode", "FOUND", "lot", Map.of("number", "A-1")))
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void a_movement_is_reversed_once_by_a_new_line_and_never_twice() {
        Map<?, ?> receipt = single(post(receipt("SNS-R01", US_PRODUCT, "V-1", LocalDate.now().plusYears(1), 40)));
        long id = ((Number) receipt.get("id")).longValue();

        Map<?, ?> reversal = single(postTo("/api/v1/movements/" + id + "/reversal", Map.of("reason", "entered twice")));

        assertThat(reversal.get("type")).isEqualTo("REVERSAL");
        assertThat(reversal.get("quantity")).isEqualTo(-40);
        assertThat(((Number) reversal.get("reverses")).longValue()).isEqualTo(id);
        assertThat(balance("SNS-R01", US_PRODUCT, "V-1")).isZero();
        web.post().uri("/api/v1/movements/" + id + "/reversal").header("Idempotency-Key", key())
                .bodyValue(Map.of()).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/already-reversed");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movement WHERE id = ?", Long.class, id)).isEqualTo(1);
    }

    @Test
    void a_document_is_applied_all_or_nothing() {
        String before = jdbc.queryForObject("SELECT count(*)::text FROM movement", String.class);

        web.post().uri("/api/v1/movement-documents").header("Idempotency-Key", key())
                .bodyValue(Map.of("documentRef", "DOC-1", "lines", List.of(
                        receipt("SNS-R06", US_PRODUCT, "D-1", LocalDate.now().plusYears(1), 5),
                        Map.of("site", "SNS-R06", "product", US_PRODUCT, "type", "ISSUE", "quantity", 6,
                                "lot", Map.of("number", "D-1")))))
                .exchange()
                .expectStatus().isEqualTo(409);

        assertThat(jdbc.queryForObject("SELECT count(*)::text FROM movement", String.class)).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM lot WHERE lot_number = 'D-1'", Long.class)).isZero();

        List<Object> lines = movements(postTo("/api/v1/movement-documents", Map.of("documentRef", "DOC-2", "lines", List.of(
                receipt("SNS-R06", US_PRODUCT, "D-2", LocalDate.now().plusYears(1), 5),
                Map.of("site", "SNS-R06", "product", US_PRODUCT, "type", "ISSUE", "quantity", 4,
                        "lot", Map.of("number", "D-2"))))));
        assertThat(lines).hasSize(2);
        assertThat(((Map<?, ?>) lines.get(1)).get("documentRef")).isEqualTo("DOC-2");
    }

    @Test
    void the_same_idempotency_key_and_payload_replays_the_stored_response_without_a_second_effect() {
        String key = key();
        Map<String, Object> body = receipt("NESS-NAT", US_PRODUCT, "I-1", LocalDate.now().plusYears(1), 7);

        String first = web.post().uri("/api/v1/movements").header("Idempotency-Key", key).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        String second = web.post().uri("/api/v1/movements").header("Idempotency-Key", key).bodyValue(body).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(second).isEqualTo(first);
        assertThat(balance("NESS-NAT", US_PRODUCT, "I-1")).isEqualTo(7);
        web.post().uri("/api/v1/movements").header("Idempotency-Key", key)
                .bodyValue(receipt("NESS-NAT", US_PRODUCT, "I-1", LocalDate.now().plusYears(1), 8)).exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/idempotency-key-reused");
    }

    @Test
    void a_post_without_an_idempotency_key_is_refused() {
        web.post().uri("/api/v1/movements")
                .bodyValue(receipt("NESS-NAT", US_PRODUCT, "K-1", LocalDate.now().plusYears(1), 7)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("Idempotency-Key");
    }

    @Test
    void a_duplicate_arriving_while_the_first_is_in_flight_gets_409() throws Exception {
        String key = key();
        try (Connection holder = dataSource.getConnection(); Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(hashtextextended('10:test-admin:" + key + "', 0))");

            web.post().uri("/api/v1/movements").header("Idempotency-Key", key)
                    .bodyValue(receipt("NESS-NAT", US_PRODUCT, "K-2", LocalDate.now().plusYears(1), 7)).exchange()
                    .expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/idempotency-key-in-use");
            holder.rollback();
        }
    }

    @Test
    void unknown_fields_and_unknown_references_are_refused_clearly() {
        web.post().uri("/api/v1/movements").header("Idempotency-Key", key())
                .bodyValue(Map.of("site", "NESS-NAT", "product", US_PRODUCT, "type", "RECEIPT", "quantity", 1,
                        "colour", "blue"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.post().uri("/api/v1/movements").header("Idempotency-Key", key())
                .bodyValue(Map.of("site", "NOWHERE", "product", US_PRODUCT, "type", "ISSUE", "quantity", 1))
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.field").isEqualTo("movement.site");
        web.post().uri("/api/v1/movements").header("Idempotency-Key", key())
                .bodyValue(Map.of("site", "NESS-NAT", "product", US_PRODUCT, "type", "ISSUE", "quantity", -3))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("movement.quantity");
    }

    @Test
    void balance_reads_made_together_each_get_their_own_lot_and_only_the_sites_their_caller_may_see() {
        List<String> lots = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            post(receipt(i < 6 ? "SNS-R01" : "SNS-R06", US_PRODUCT, "BR-" + i, LocalDate.now().plusYears(1), 10 + i));
            lots.add("BR-" + i);
        }
        lots.add("BR-NONE");
        WebTestClient partner = web.mutate().defaultHeaders(h -> h.setBearerAuth(issuer.mint("r01-partner",
                List.of("read"), "US", null, List.of("SNS-R01"), Duration.ofMinutes(5)))).build();
        double batchedBefore = batches().totalAmount();
        long batchesBefore = batches().count();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();

        Flux.range(0, 280)
                .flatMap(i -> Flux.defer(() -> {
                    int n = i % lots.size() + 1;
                    boolean asPartner = i / lots.size() % 2 == 1;
                    String site = n < 6 ? "SNS-R01" : "SNS-R06";
                    var result = (asPartner ? partner : web).get()
                            .uri("/api/v1/sites/" + site + "/products/" + US_PRODUCT + "/lots/" + lots.get(n - 1)
                                    + "/balance")
                            .exchange().expectBody(Map.class).returnResult();
                    boolean found = n < 6 || (n == 6 && !asPartner);
                    int status = result.getStatus().value();
                    Object onHand = result.getResponseBody() == null ? null : result.getResponseBody().get("onHand");
                    Object lot = result.getResponseBody() == null ? null : result.getResponseBody().get("lot");
                    if (found ? status != 200 || !Integer.valueOf(10 + n).equals(onHand)
                            || !lots.get(n - 1).equals(lot) : status != 404) {
                        wrong.add(lots.get(n - 1) + (asPartner ? " as the partner" : "") + ": " + status + " "
                                + result.getResponseBody());
                    }
                    return Flux.empty();
                }).subscribeOn(Schedulers.boundedElastic()), 24)
                .blockLast();

        assertThat(wrong).isEmpty();
        assertThat(batches().totalAmount() - batchedBefore).isEqualTo(280);
        assertThat(batches().count() - batchesBefore).as("these reads were answered in fewer batches than reads")
                .isLessThan(280);
    }

    private DistributionSummary batches() {
        return meters.get("stockbridge.ledger.balance.batch").summary();
    }

    @Test
    void many_concurrent_writers_on_one_balance_lose_no_update_and_never_go_negative() {
        post(receipt("SNS-R01", US_PRODUCT, "CC-1", LocalDate.now().plusYears(1), 500));
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();

        Flux.range(0, 80)
                .flatMap(i -> Flux.defer(() -> {
                    Map<String, Object> body = i % 4 == 0
                            ? Map.of("site", "SNS-R01", "product", US_PRODUCT, "type", "RECEIPT", "quantity", 5,
                                    "lot", Map.of("number", "CC-1"))
                            : Map.of("site", "SNS-R01", "product", US_PRODUCT, "type", "ISSUE", "quantity", 9,
                                    "lot", Map.of("number", "CC-1"));
                    statuses.add(web.post().uri("/api/v1/movements").header("Idempotency-Key", key()).bodyValue(body)
                            .exchange().returnResult(String.class).getStatus().value());
                    return Flux.empty();
                }).subscribeOn(Schedulers.boundedElastic()), 16)
                .blockLast();

        long receipts = statuses.stream().filter(s -> s == 201).count();
        assertThat(statuses).hasSize(80).allMatch(s -> s == 201 || s == 409);
        long onHand = balance("SNS-R01", US_PRODUCT, "CC-1");
        Long sum = jdbc.queryForObject("SELECT sum(m.quantity) FROM movement m JOIN lot l ON l.id = m.lot_id "
                + "JOIN site s ON s.id = m.site_id WHERE l.lot_number = 'CC-1' AND s.code = 'SNS-R01'", Long.class);
        assertThat(onHand).isEqualTo(sum).isGreaterThanOrEqualTo(0);
        assertThat(receipts).isPositive();
        assertInvariant();
    }

    private void assertInvariant() {
        assertThat(jdbc.queryForList("SELECT b.site_id, b.lot_id FROM balance b LEFT JOIN (SELECT site_id, product_id, "
                + "lot_id, sum(quantity) AS total FROM movement GROUP BY 1, 2, 3) m USING (site_id, product_id, lot_id) "
                + "WHERE b.on_hand <> coalesce(m.total, 0) OR b.on_hand < 0")).isEmpty();
    }

    private long balance(String site, String product, String lot) {
        List<Long> rows = jdbc.queryForList("SELECT b.on_hand FROM balance b JOIN site s ON s.id = b.site_id "
                + "JOIN product p ON p.id = b.product_id JOIN lot l ON l.id = b.lot_id "
                + "WHERE s.code = ? AND p.code = ? AND l.lot_number = ?", Long.class, site, product, lot);
        return rows.isEmpty() ? 0 : rows.get(0);
    }

    private static Map<String, Object> receipt(String site, String product, String lot, LocalDate expiry, long quantity) {
        return Map.of("site", site, "product", product, "type", "RECEIPT", "quantity", quantity,
                "lot", Map.of("number", lot, "expiry", expiry.toString()));
    }

    private Map<?, ?> post(Map<String, Object> body) {
        return postTo("/api/v1/movements", body);
    }

    private Map<?, ?> postTo(String uri, Map<String, Object> body) {
        return web.post().uri(uri).header("Idempotency-Key", key()).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    }

    private static List<Object> movements(Map<?, ?> result) {
        return new ArrayList<>((List<?>) result.get("movements"));
    }

    private static Map<?, ?> single(Map<?, ?> result) {
        List<Object> lines = movements(result);
        assertThat(lines).hasSize(1);
        return (Map<?, ?>) lines.get(0);
    }

    private String freshProduct() {
        String code = "TEST-" + UUID.randomUUID();
        jdbc.update("INSERT INTO product (code, kind, name, unit_of_issue, source) VALUES (?, 'DRUG', 'Test drug', "
                + "'vial', 'fixture')", code);
        return code;
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
