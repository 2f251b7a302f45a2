package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r5.model.InventoryItem;
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

/** Partners' counted stock positions, as JSON, CSV and FHIR R5 InventoryReport, and the site's stock as FHIR. */
@ApiIntegrationTest
class StockPositionsApiIntegrationTests {

    private static final String PRODUCT = "DIN-02240285";
    private static final LocalDate EXPIRY = LocalDate.now().plusYears(2);
    private static final FhirContext FHIR = FhirContext.forR5();

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
    void differing_counts_become_corrections_recording_the_prior_on_hand_and_agreeing_ones_write_nothing() {
        receive("SNS-R01", "A-1", 100);
        receive("SNS-R01", "A-2", 50);
        long before = lines("SNS-R01");
        Map<String, Object> result = upload("SNS-R01", UUID.randomUUID().toString(), Map.of("positions", List.of(
                Map.of("product", PRODUCT, "lot", "A-1", "counted", 97),
                Map.of("product", PRODUCT, "lot", "A-2", "counted", 50))));
        assertThat(result).containsEntry("corrected", 1).containsEntry("unchanged", 1);
        assertThat(lines("SNS-R01")).isEqualTo(before + 1);
        Map<String, Object> line = jdbc.queryForMap("SELECT m.quantity, m.prior_on_hand, m.type FROM movement m "
                + "JOIN site s ON s.id = m.site_id JOIN lot l ON l.id = m.lot_id WHERE s.code = 'SNS-R01' "
                + "AND l.lot_number = 'A-1' ORDER BY m.id DESC LIMIT 1");
        assertThat(line).containsEntry("quantity", -3L).containsEntry("prior_on_hand", 100L)
                .containsEntry("type", "COUNT_CORRECTION");
        assertThat(balance("SNS-R01", "A-1")).isEqualTo(97);
    }

    @Test
    void a_complete_upload_counts_the_lots_it_leaves_out_as_zero_and_may_create_a_new_lot() {
        String site = site();
        receive(site, "B-1", 30);
        receive(site, "B-2", 20);
        Map<String, Object> result = upload(site, UUID.randomUUID().toString(), Map.of("complete", true,
                "positions", List.of(Map.of("product", PRODUCT, "lot", "B-1", "counted", 30),
                        Map.of("product", PRODUCT, "lot", "B-NEW", "expiry", EXPIRY.toString(), "counted", 12))));
        assertThat(result).containsEntry("corrected", 1).containsEntry("unchanged", 1).containsEntry("zeroedUnlisted", 1);
        assertThat(balance(site, "B-2")).isZero();
        assertThat(balance(site, "B-NEW")).isEqualTo(12);
    }

    @Test
    void one_bad_position_refuses_the_whole_upload_and_nothing_is_written() {
        receive("NESS-NAT", "C-1", 10);
        long before = lines("NESS-NAT");
        web.post().uri("/api/v1/sites/NESS-NAT/stock-positions").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("positions", List.of(Map.of("product", PRODUCT, "lot", "C-1", "counted", 4),
                        Map.of("product", PRODUCT, "lot", "NO-EXPIRY", "counted", 3)))).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("positions[1].expiry");
        web.post().uri("/api/v1/sites/NESS-NAT/stock-positions").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("positions", List.of(Map.of("product", PRODUCT, "lot", "C-1", "counted", 4),
                        Map.of("product", PRODUCT, "lot", "C-1", "counted", 5)))).exchange()
                .expectStatus().isBadRequest();
        assertThat(lines("NESS-NAT")).isEqualTo(before);
        assertThat(balance("NESS-NAT", "C-1")).isEqualTo(10);
    }

    @Test
    void the_same_upload_again_replays_its_first_answer_and_changes_nothing_more() {
        receive("SNS-R01", "D-1", 50);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("positions", List.of(Map.of("product", PRODUCT, "lot", "D-1", "counted", 44)));
        upload("SNS-R01", key, body);
        long after = lines("SNS-R01");
        web.post().uri("/api/v1/sites/SNS-R01/stock-positions").header("Idempotency-Key", key).bodyValue(body)
                .exchange().expectStatus().isOk().expectHeader().valueEquals("Idempotent-Replayed", "true");
        assertThat(lines("SNS-R01")).isEqualTo(after);
        web.post().uri("/api/v1/sites/SNS-R01/stock-positions").header("Idempotency-Key", key)
                .bodyValue(Map.of("positions", List.of(Map.of("product", PRODUCT, "lot", "D-1", "counted", 45))))
                .exchange().expectStatus().isEqualTo(422);
    }

    @Test
    void a_csv_upload_is_read_by_its_header() {
        receive("NESS-NAT", "E-1", 10);
        web.post().uri("/api/v1/sites/NESS-NAT/stock-positions?documentRef=CSV-9")
                .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("lot,product,counted\nE-1," + PRODUCT + ",8\n").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.corrected").isEqualTo(1);
        assertThat(balance("NESS-NAT", "E-1")).isEqualTo(8);
        web.post().uri("/api/v1/sites/NESS-NAT/stock-positions").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue("item,qty\nx,1\n").exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void a_site_exports_as_a_fhir_r5_inventory_report_that_hapi_reads_back() {
        receive("SNS-R01", "P-FHIR", 25);
        String json = web.get().uri("/api/v1/sites/SNS-R01/inventory-report").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/fhir+json"))
                .expectBody(String.class).returnResult().getResponseBody();
        InventoryReport report = FHIR.newJsonParser().parseResource(InventoryReport.class, json);
        assertThat(report.getCountType()).isEqualTo(InventoryReport.InventoryCountType.SNAPSHOT);
        assertThat(report.getInventoryListingFirstRep().getLocation().getIdentifier().getValue()).isEqualTo("SNS-R01");
        InventoryReport.InventoryReportInventoryListingItemComponent item = report.getInventoryListingFirstRep()
                .getItem().stream().filter(i -> lotOf(report, i).equals("P-FHIR")).findFirst().orElseThrow();
        assertThat(item.getQuantity().getValue().intValue()).isEqualTo(25);
        InventoryItem contained = contained(report, item);
        assertThat(contained.getCodeFirstRep().getCoding()).extracting(c -> c.getCode()).contains(PRODUCT, "02240285");
    }

    @Test
    void a_fhir_snapshot_is_taken_in_as_counted_positions_and_a_difference_report_is_refused() {
        receive("SNS-R06", "G-FHIR", 40);
        String exported = web.get().uri("/api/v1/sites/SNS-R06/inventory-report").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        FhirContext fhir = FHIR;
        InventoryReport report = fhir.newJsonParser().parseResource(InventoryReport.class, exported);
        report.getInventoryListingFirstRep().getItem().stream().filter(i -> lotOf(report, i).equals("G-FHIR"))
                .findFirst().orElseThrow().getQuantity().setValue(36);
        web.post().uri("/api/v1/sites/SNS-R06/inventory-report").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.parseMediaType("application/fhir+json"))
                .bodyValue(fhir.newJsonParser().encodeResourceToString(report)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.corrected").isEqualTo(1);
        assertThat(balance("SNS-R06", "G-FHIR")).isEqualTo(36);

        InventoryReport twoMoments = fhir.newJsonParser().parseResource(InventoryReport.class, exported);
        twoMoments.addInventoryListing().setCountingDateTime(java.util.Date.from(java.time.Instant.now()
                .minusSeconds(3600)));
        web.post().uri("/api/v1/sites/SNS-R06/inventory-report").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.parseMediaType("application/fhir+json"))
                .bodyValue(fhir.newJsonParser().encodeResourceToString(twoMoments)).exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("counted at"));
        assertThat(balance("SNS-R06", "G-FHIR")).isEqualTo(36);

        report.setCountType(InventoryReport.InventoryCountType.DIFFERENCE);
        web.post().uri("/api/v1/sites/SNS-R06/inventory-report").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.parseMediaType("application/fhir+json"))
                .bodyValue(fhir.newJsonParser().encodeResourceToString(report)).exchange()
                .expectStatus().isEqualTo(422);
        web.post().uri("/api/v1/sites/SNS-R06/inventory-report").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.parseMediaType("application/fhir+json")).bodyValue("{\"resourceType\":\"Patient\"}")
                .exchange().expectStatus().isBadRequest();
    }

    private static String lotOf(InventoryReport report, InventoryReport.InventoryReportInventoryListingItemComponent i) {
        return contained(report, i).getInstance().getLotNumber();
    }

    private static InventoryItem contained(InventoryReport report,
                                           InventoryReport.InventoryReportInventoryListingItemComponent item) {
        String reference = item.getItem().getReference().getReference();
        return report.getContained().stream().filter(r -> ("#" + r.getIdElement().getIdPart()).equals(reference))
                .map(InventoryItem.class::cast).findFirst().orElseThrow();
    }

    /** A site of its own, for a test that counts every lot of a site. */
    private String site() {
        String code = "T-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("INSERT INTO site (code, name, jurisdiction, agency_id, kind, region, federal, source) "
                + "SELECT ?, 'Count test site', 'US', id, 'HOSPITAL', 'HHS-1', false, 'fixture' FROM agency "
                + "WHERE code = 'ASPR'", code);
        return code;
    }

    private Map<String, Object> upload(String site, String key, Map<String, Object> body) {
        return web.post().uri("/api/v1/sites/" + site + "/stock-positions").header("Idempotency-Key", key)
                .bodyValue(body).exchange().expectStatus().isOk()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
    }

    private void receive(String site, String lot, int quantity) {
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", site, "product", PRODUCT, "type", "RECEIPT", "quantity", quantity,
                        "lot", Map.of("number", lot, "expiry", EXPIRY.toString()))).exchange().expectStatus().isCreated();
    }

    private long lines(String site) {
        return jdbc.queryForObject("SELECT count(*) FROM movement m JOIN site s ON s.id = m.site_id WHERE s.code = ?",
                Long.class, site);
    }

    private long balance(String site, String lot) {
        return jdbc.queryForObject("SELECT coalesce(sum(b.on_hand), 0) FROM balance b JOIN site s ON s.id = b.site_id "
                + "JOIN lot l ON l.id = b.lot_id WHERE s.code = ? AND l.lot_number = ?", Long.class, site, lot);
    }
}
