package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * A partner system speaks for its own sites only: the dates it records for a lot give way to an agency's, while the
 * dates an agency set bind everyone (ADR 0021); and no expiry lies more than 50 years ahead.
 */
@ApiIntegrationTest
class LotDatesApiIntegrationTests {

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

    private WebTestClient partner;

    @BeforeAll
    void catalogue() {
        new CatalogueFixture(jdbc).load();
        partner = web.mutate().defaultHeaders(h -> h.setBearerAuth(issuer.mint("r06-partner",
                List.of("read", "write"), "US", null, List.of("SNS-R06"), Duration.ofMinutes(5)))).build();
    }

    @Test
    void a_partner_that_records_a_lot_first_does_not_fix_its_dates_for_the_agencies() {
        LocalDate real = LocalDate.now().plusYears(5);
        receipt(partner, "SNS-R06", "SQUAT-1", LocalDate.of(2020, 1, 1)).expectStatus().isCreated();

        receipt(web, "SNS-R01", "SQUAT-1", real).expectStatus().isCreated();
        assertThat(expiry("SQUAT-1")).isEqualTo(real);
        // the partner's own stock of the lot now carries the agency's dates: it can be issued
        issue(partner, "SNS-R06", "SQUAT-1").expectStatus().isCreated();

        // from now on the agency's dates bind everyone, the partner and the agency alike
        receipt(partner, "SNS-R06", "SQUAT-1", LocalDate.of(2020, 1, 1)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/lot-mismatch");
        receipt(web, "SNS-R01", "SQUAT-1", real.plusYears(1)).expectStatus().isEqualTo(409);
        assertThat(expiry("SQUAT-1")).isEqualTo(real);
    }

    @Test
    void an_agency_must_name_the_dates_of_a_lot_a_partner_recorded_and_then_they_are_the_agencys() {
        LocalDate partnerDate = LocalDate.now().plusYears(2);
        receipt(partner, "SNS-R06", "CONFIRM-1", partnerDate).expectStatus().isCreated();

        // without dates the agency's stock would silently take the partner's: it is asked to name them
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", "SNS-R01", "product", PRODUCT, "type", "RECEIPT", "quantity", 10,
                        "lot", Map.of("number", "CONFIRM-1"))).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("partner system"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movement m JOIN lot l ON l.id = m.lot_id "
                + "WHERE l.lot_number = 'CONFIRM-1'", Long.class)).isEqualTo(1);

        // naming the same dates confirms them: from then on they are the agency's and bind the agency too
        receipt(web, "SNS-R01", "CONFIRM-1", partnerDate).expectStatus().isCreated();
        receipt(web, "SNS-R01", "CONFIRM-1", partnerDate.plusYears(1)).expectStatus().isEqualTo(409);
        assertThat(expiry("CONFIRM-1")).isEqualTo(partnerDate);
    }

    @Test
    void an_agency_taking_over_a_partners_lot_with_an_extended_expiry_before_its_expiry_is_refused_clearly() {
        receipt(partner, "SNS-R06", "SLEP-1", LocalDate.now().plusYears(2)).expectStatus().isCreated();

        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", "SNS-R01", "product", PRODUCT, "type", "RECEIPT", "quantity", 10,
                        "lot", Map.of("number", "SLEP-1", "expiry", LocalDate.now().plusYears(3).toString(),
                                "extendedExpiry", LocalDate.now().plusYears(1).toString()))).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("extendedExpiry"));
        assertThat(expiry("SLEP-1")).isEqualTo(LocalDate.now().plusYears(2));
    }

    @Test
    void dates_an_agency_set_first_bind_a_partner() {
        LocalDate real = LocalDate.now().plusYears(3);
        receipt(web, "SNS-R01", "AGENCY-1", real).expectStatus().isCreated();

        receipt(partner, "SNS-R06", "AGENCY-1", LocalDate.of(2020, 1, 1)).expectStatus().isEqualTo(409);
        receipt(partner, "SNS-R06", "AGENCY-1", real).expectStatus().isCreated();
        assertThat(expiry("AGENCY-1")).isEqualTo(real);
    }

    @Test
    void an_expiry_more_than_fifty_years_ahead_is_refused_and_no_lot_is_created() {
        receipt(partner, "SNS-R06", "FAR-1", LocalDate.now().plusYears(51)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("50 years"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM lot WHERE lot_number = 'FAR-1'", Long.class)).isZero();
        receipt(web, "SNS-R01", "NEAR-1", LocalDate.now().plusYears(49)).expectStatus().isCreated();
    }

    private LocalDate expiry(String lot) {
        return jdbc.queryForObject("SELECT labelled_expiry FROM lot WHERE lot_number = ?", LocalDate.class, lot);
    }

    private static WebTestClient.ResponseSpec receipt(WebTestClient client, String site, String lot,
                                                      LocalDate expiry) {
        return client.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", site, "product", PRODUCT, "type", "RECEIPT", "quantity", 10,
                        "lot", Map.of("number", lot, "expiry", expiry.toString())))
                .exchange();
    }

    private static WebTestClient.ResponseSpec issue(WebTestClient client, String site, String lot) {
        return client.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", site, "product", PRODUCT, "type", "ISSUE", "quantity", 1,
                        "lot", Map.of("number", lot)))
                .exchange();
    }
}
