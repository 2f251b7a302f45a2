package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * A date or instant a client sends, in a query or a body, lies within the years 1900 to 2199; one outside is refused
 * with an invalid-request problem naming it, never overflowing into a 500, wrapping when stored or answering absurd
 * spans.
 */
@ApiIntegrationTest
class DateRangeApiIntegrationTests {

    private static final String PRODUCT = "NDC-23155-601";

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

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/movements?from=%2B999999999-12-31T00:00:00Z                          | from
            /api/v1/movements?to=1899-12-31                                              | to
            /api/v1/sites/SNS-R01/products/PPE-n95/consumption?from=%2B999999999-12-30&to=%2B999999999-12-31 | to
            /api/v1/sites/SNS-R01/products/PPE-n95/consumption?from=-999999999-01-01&to=-999999999-01-02 | to
            /api/v1/shortage-reports/summary?asOf=-999999999-01-01                       | asOf
            /api/v1/sites/SNS-R01/stock?asOf=0001-01-01T00:00:00Z                        | asOf
            /api/v1/audit?from=2200-01-01                                                | from
            """)
    void a_query_date_outside_the_years_1900_to_2199_is_refused_naming_the_parameter(String uri, String parameter) {
        web.get().uri(uri).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/invalid-request")
                .jsonPath("$.parameter").isEqualTo(parameter)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).startsWith(parameter + " "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "expiry":"+999999999-12-31"                         | lot.expiry
            "expiry":"-0001-01-01"                              | lot.expiry
            "expiry":"2031-01-01","extendedExpiry":"2200-01-01" | lot.extendedExpiry
            """)
    void a_body_date_outside_the_years_1900_to_2199_is_refused_naming_the_field_and_nothing_is_recorded(
            String members, String field) {
        String lot = "Y-" + UUID.randomUUID();
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"site\":\"SNS-R01\",\"product\":\"" + PRODUCT + "\",\"type\":\"RECEIPT\",\"quantity\":5,"
                        + "\"lot\":{\"number\":\"" + lot + "\"," + members + "}}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/invalid-request")
                .jsonPath("$.parameter").isEqualTo(field)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .startsWith(field + " must lie within 1900-01-01 to 2199-12-31"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM lot WHERE lot_number = ?", Long.class, lot)).isZero();
    }

    @org.junit.jupiter.api.Test
    void a_fhir_inventory_report_with_an_expiry_outside_the_years_1900_to_2199_is_refused_and_nothing_is_recorded() {
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(java.util.Map.of("site", "NESS-NAT", "product", "DIN-02240285", "type", "RECEIPT",
                        "quantity", 10, "lot", java.util.Map.of("number", "FHIR-DATE-1", "expiry", "2030-01-01")))
                .exchange().expectStatus().isCreated();
        long before = jdbc.queryForObject("SELECT count(*) FROM movement", Long.class);
        String exported = web.get().uri("/api/v1/sites/NESS-NAT/inventory-report").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        ca.uhn.fhir.context.FhirContext fhir = ca.uhn.fhir.context.FhirContext.forR5();
        org.hl7.fhir.r5.model.InventoryReport report = fhir.newJsonParser().parseResource(
                org.hl7.fhir.r5.model.InventoryReport.class, exported);
        report.getContained().stream().filter(r -> r instanceof org.hl7.fhir.r5.model.InventoryItem)
                .map(org.hl7.fhir.r5.model.InventoryItem.class::cast)
                .forEach(item -> item.getInstance().setExpiry(java.util.Date.from(java.time.Instant.parse(
                        "1800-01-01T00:00:00Z"))));
        report.getInventoryListingFirstRep().getItemFirstRep().getQuantity().setValue(4);

        web.post().uri("/api/v1/sites/NESS-NAT/inventory-report")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.parseMediaType("application/fhir+json"))
                .bodyValue(fhir.newJsonParser().encodeResourceToString(report)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("inventoryListing[0].item[0].expiry")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("1900-01-01 to 2199-12-31"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movement", Long.class)).isEqualTo(before);
    }
}
