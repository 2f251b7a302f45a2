package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r5.model.InventoryReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * The bounds of the ledger's quantities (Quantities, V60): a line and a count at most 10^12 units, a balance at most
 * 10^13, at every door that writes lines, so the national reads' sums cannot overflow.
 */
@ApiIntegrationTest
class QuantityBoundsApiIntegrationTests {

    private static final String PRODUCT = "PPE-n95";
    private static final long MAX_LINE = 1_000_000_000_000L;
    private static final long MAX_BALANCE = 10_000_000_000_000L;
    private static final LocalDate EXPIRY = LocalDate.now().plusYears(2);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    void catalogue() {
        new CatalogueFixture(jdbc).load();
    }

    @Test
    void a_receipt_above_one_trillion_units_is_refused_naming_the_bound_and_nothing_is_stored() {
        long before = lines();
        for (long quantity : new long[] {MAX_LINE + 1, 5_000_000_000_000_000_000L, Long.MAX_VALUE}) {
            post(receipt("SNS-R01", "HUGE-1", quantity)).expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith("invalid-request"))
                    .jsonPath("$.parameter").isEqualTo("movement.quantity")
                    .jsonPath("$.detail").value(d -> assertThat(d.toString())
                            .contains("at most 1000000000000 units of issue"));
        }
        web.post().uri("/api/v1/movement-documents").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("lines", List.of(receipt("SNS-R01", "HUGE-1", 5),
                        receipt("SNS-R01", "HUGE-1", MAX_LINE + 1)))).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("lines[1].quantity");
        assertThat(lines()).isEqualTo(before);
        assertThat(balance("SNS-R01", "HUGE-1")).isZero();
    }

    @Test
    void a_receipt_that_would_take_a_balance_above_ten_trillion_is_refused_and_the_balance_is_unchanged() {
        fill("SNS-R01", "FULL-1");
        long before = lines();
        post(receipt("SNS-R01", "FULL-1", 1)).expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith("balance-limit"))
                .jsonPath("$.lot").isEqualTo("FULL-1")
                .jsonPath("$.onHand").isEqualTo(MAX_BALANCE)
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("10000000000000"));
        assertThat(balance("SNS-R01", "FULL-1")).isEqualTo(MAX_BALANCE);
        assertThat(lines()).isEqualTo(before);
    }

    @Test
    void the_national_reads_answer_after_the_largest_balances_allowed_at_two_sites() {
        fill("SNS-R01", "NAT-1");
        fill("SNS-R06", "NAT-1");
        web.get().uri("/api/v1/products/" + PRODUCT + "/stock").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totals[?(@.jurisdiction == 'US')].onHand")
                .isEqualTo(List.of(2 * MAX_BALANCE + extraStock()));
        web.get().uri("/api/v1/stock/summary").exchange().expectStatus().isOk();
        web.get().uri("/api/v1/stock/by-site").exchange().expectStatus().isOk();
    }

    @Test
    void a_count_above_one_trillion_units_is_refused_and_writes_no_correction() {
        post(receipt("SNS-R06", "COUNT-1", 10)).expectStatus().isCreated();
        long before = lines();
        for (long counted : new long[] {MAX_LINE + 1, Long.MAX_VALUE}) {
            post(Map.of("site", "SNS-R06", "product", PRODUCT, "type", "COUNT", "counted", counted,
                    "lot", Map.of("number", "COUNT-1"))).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.parameter").isEqualTo("movement.counted")
                    .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("at most 1000000000000"));
        }
        assertThat(lines()).isEqualTo(before);
        assertThat(balance("SNS-R06", "COUNT-1")).isEqualTo(10);
    }

    @Test
    void stock_positions_above_the_bound_are_refused_with_their_reason_as_json_csv_and_fhir() {
        post(receipt("NESS-NAT", "DIN-02240285", "POS-1", 10)).expectStatus().isCreated();
        long before = lines();
        web.post().uri("/api/v1/sites/NESS-NAT/stock-positions").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("positions", List.of(Map.of("product", "DIN-02240285", "lot", "POS-1",
                        "counted", MAX_LINE + 1)))).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("positions[0].counted")
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("at most 1000000000000"));
        web.post().uri("/api/v1/sites/NESS-NAT/stock-positions").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("product,lot,counted\nDIN-02240285,POS-1,4\nDIN-02240285,POS-1," + (MAX_LINE + 1) + "\n")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString())
                        .startsWith("line 3: counted must be at most 1000000000000"));

        String exported = web.get().uri("/api/v1/sites/NESS-NAT/inventory-report").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        FhirContext fhir = FhirContext.forR5();
        InventoryReport report = fhir.newJsonParser().parseResource(InventoryReport.class, exported);
        report.getInventoryListingFirstRep().getItemFirstRep().getQuantity().setValue(new BigDecimal("1E30"));
        web.post().uri("/api/v1/sites/NESS-NAT/inventory-report")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.parseMediaType("application/fhir+json"))
                .bodyValue(fhir.newJsonParser().encodeResourceToString(report)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("inventoryListing[0].item[0].quantity")
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("at most 1000000000000"));
        assertThat(lines()).isEqualTo(before);
        assertThat(balance("NESS-NAT", "POS-1")).isEqualTo(10);
    }

    @Test
    void a_fhir_report_with_a_number_of_enormous_exponent_is_refused_before_it_is_parsed() {
        post(receipt("NESS-NAT", "DIN-02240285", "EXP-1", 10)).expectStatus().isCreated();
        long before = lines();
        String exported = web.get().uri("/api/v1/sites/NESS-NAT/inventory-report").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        FhirContext fhir = FhirContext.forR5();
        InventoryReport report = fhir.newJsonParser().parseResource(InventoryReport.class, exported);
        report.getInventoryListingFirstRep().getItemFirstRep().getQuantity().setValue(new BigDecimal("7"));
        String body = fhir.newJsonParser().encodeResourceToString(report);
        assertThat(body).contains("\"value\":7");
        // thirty million digits as the FHIR parser reads a decimal: a core busy for hours before this was refused
        // HAPI also reads a leading plus and a string for a decimal: the check must read them as it does
        for (String number : List.of("1E+30000000", "1E+2147483647", "-1e-2147483647", "1" + "0".repeat(100),
                "+1E+30000000", "\"1E+30000000\"", "\" 1." + "0".repeat(200_000) + "\"")) {
            web.post().uri("/api/v1/sites/NESS-NAT/inventory-report")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .contentType(MediaType.parseMediaType("application/fhir+json"))
                    .bodyValue(body.replace("\"value\":7", "\"value\":" + number)).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.parameter").isEqualTo("inventoryListing[0].item[0].quantity.value")
                    .jsonPath("$.detail").value(d -> assertThat(d.toString()).as(number)
                            .contains("more than 64 characters or with an exponent beyond ±64")
                            .doesNotContain(number.substring(0, Math.min(number.length(), 12))));
        }
        web.post().uri("/api/v1/sites/NESS-NAT/inventory-report")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.parseMediaType("application/fhir+json"))
                .bodyValue(body.replace("\"value\":7", "\"value\":7,,")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString())
                        .startsWith("not a FHIR R5 InventoryReport: not valid JSON at line 1, column "));
        assertThat(lines()).isEqualTo(before);
        assertThat(balance("NESS-NAT", "EXP-1")).isEqualTo(10);
    }

    @Test
    void the_database_refuses_a_line_or_a_balance_beyond_the_bounds_whoever_writes_it() {
        post(receipt("SNS-R06", "DB-1", 1)).expectStatus().isCreated();
        Map<String, Object> lot = jdbc.queryForMap("SELECT b.site_id, b.product_id, b.lot_id FROM balance b "
                + "JOIN lot l ON l.id = b.lot_id WHERE l.lot_number = 'DB-1'");
        String insert = "INSERT INTO movement (site_id, product_id, lot_id, type, quantity, occurred_at, actor) "
                + "VALUES (?, ?, ?, 'RECEIPT', ?, now(), 'test')";
        assertThatThrownBy(() -> jdbc.update(insert, lot.get("site_id"), lot.get("product_id"), lot.get("lot_id"),
                MAX_BALANCE + 1)).hasMessageContaining("movement_quantity_bound");
        assertThatThrownBy(() -> jdbc.update(insert, lot.get("site_id"), lot.get("product_id"), lot.get("lot_id"),
                MAX_BALANCE)).hasMessageContaining("at most 10000000000000");
        assertThat(balance("SNS-R06", "DB-1")).isEqualTo(1);
    }

    /** Ten receipts of the largest line: a balance at its bound. */
    private void fill(String site, String lot) {
        for (int i = 0; i < MAX_BALANCE / MAX_LINE; i++) {
            post(receipt(site, lot, MAX_LINE)).expectStatus().isCreated();
        }
        assertThat(balance(site, lot)).isEqualTo(MAX_BALANCE);
    }

    private WebTestClient.ResponseSpec post(Map<String, Object> movement) {
        return web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(movement).exchange();
    }

    private static Map<String, Object> receipt(String site, String lot, long quantity) {
        return receipt(site, PRODUCT, lot, quantity);
    }

    private static Map<String, Object> receipt(String site, String product, String lot, long quantity) {
        return Map.of("site", site, "product", product, "type", "RECEIPT", "quantity", quantity,
                "lot", Map.of("number", lot, "expiry", EXPIRY.toString()));
    }

    /** What the other tests of this class left of the product besides the lots filled here. */
    private long extraStock() {
        return jdbc.queryForObject("SELECT coalesce(sum(b.on_hand), 0) FROM balance b JOIN product p "
                + "ON p.id = b.product_id JOIN lot l ON l.id = b.lot_id JOIN site s ON s.id = b.site_id "
                + "WHERE p.code = ? AND s.jurisdiction = 'US' AND l.lot_number <> 'NAT-1'",
                Long.class, PRODUCT);
    }

    private long lines() {
        return jdbc.queryForObject("SELECT count(*) FROM movement", Long.class);
    }

    private long balance(String site, String lot) {
        return jdbc.queryForObject("SELECT coalesce(sum(b.on_hand), 0) FROM balance b JOIN site s ON s.id = b.site_id "
                + "JOIN lot l ON l.id = b.lot_id WHERE s.code = ? AND l.lot_number = ?", Long.class, site, lot);
    }
}
