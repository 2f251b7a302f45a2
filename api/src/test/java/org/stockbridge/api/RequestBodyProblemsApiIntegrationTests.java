package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * A JSON body is read strictly: a fraction or a string where a whole number belongs, a whole number its field cannot
 * hold, a key given twice, an unknown field or text that is not JSON are refused with an invalid-request problem whose
 * detail says what is wrong, and nothing is recorded.
 */
@ApiIntegrationTest
class RequestBodyProblemsApiIntegrationTests {

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
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "quantity":1.5    | quantity must be a whole number, was 1.5
            "quantity":1e3    | quantity must be a whole number, was 1000.0 (written as a decimal)
            "quantity":"10"   | quantity must be a whole number, was a string
            "quantity":true   | quantity must be a whole number, was a boolean
            """)
    void a_fraction_or_a_string_for_a_whole_number_is_refused_and_nothing_is_recorded(String member, String detail) {
        String lot = "F-" + UUID.randomUUID();
        String body = "{\"site\":\"SNS-R01\",\"product\":\"" + PRODUCT + "\",\"type\":\"RECEIPT\"," + member
                + ",\"lot\":{\"number\":\"" + lot + "\",\"expiry\":\"" + LocalDate.now().plusYears(1) + "\"}}";

        refused("/api/v1/movements", body)
                .jsonPath("$.detail").isEqualTo(detail)
                .jsonPath("$.parameter").isEqualTo("quantity");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM lot WHERE lot_number = ?", Long.class, lot)).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            99999999999999999999999  | 99999999999999999999999
            -9223372036854775809     | -9223372036854775809
            """)
    void a_whole_number_beyond_the_range_of_its_field_is_refused_naming_the_range(String quantity, String shown) {
        String lot = "R-" + UUID.randomUUID();
        String body = "{\"site\":\"SNS-R01\",\"product\":\"" + PRODUCT + "\",\"type\":\"RECEIPT\",\"quantity\":"
                + quantity + ",\"lot\":{\"number\":\"" + lot + "\",\"expiry\":\"" + LocalDate.now().plusYears(1)
                + "\"}}";

        refused("/api/v1/movements", body)
                .jsonPath("$.detail").isEqualTo("quantity must be a whole number from " + Long.MIN_VALUE + " to "
                        + Long.MAX_VALUE + ", was " + shown)
                .jsonPath("$.parameter").isEqualTo("quantity");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM lot WHERE lot_number = ?", Long.class, lot)).isZero();
    }

    @Test
    void a_count_beyond_the_range_of_its_field_is_named_by_its_path() {
        refused("/api/v1/sites/SNS-R01/stock-positions", "{\"positions\":[{\"product\":\"" + PRODUCT
                + "\",\"lot\":\"L-1\",\"counted\":480},{\"product\":\"" + PRODUCT
                + "\",\"lot\":\"L-2\",\"counted\":1" + "0".repeat(80) + "}]}")
                .jsonPath("$.detail").isEqualTo("positions[1].counted must be a whole number from " + Long.MIN_VALUE
                        + " to " + Long.MAX_VALUE + ", was 1" + "0".repeat(59) + "…")
                .jsonPath("$.parameter").isEqualTo("positions[1].counted");
    }

    @Test
    void a_fractional_count_in_stock_positions_is_refused() {
        refused("/api/v1/sites/SNS-R01/stock-positions", "{\"positions\":[{\"product\":\"" + PRODUCT
                + "\",\"lot\":\"L-1\",\"counted\":97.9}]}")
                .jsonPath("$.detail").isEqualTo("positions[0].counted must be a whole number, was 97.9")
                .jsonPath("$.parameter").isEqualTo("positions[0].counted");
    }

    @Test
    void a_key_given_twice_is_refused_and_nothing_is_recorded() {
        String lot = "D-" + UUID.randomUUID();
        String body = "{\"site\":\"NESS-NAT\",\"site\":\"SNS-R01\",\"product\":\"" + PRODUCT
                + "\",\"type\":\"RECEIPT\",\"quantity\":5,\"lot\":{\"number\":\"" + lot + "\",\"expiry\":\""
                + LocalDate.now().plusYears(1) + "\"}}";

        refused("/api/v1/movements", body).jsonPath("$.detail").isEqualTo("site is given twice");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM lot WHERE lot_number = ?", Long.class, lot)).isZero();
    }

    @Test
    void an_unknown_field_is_named_in_the_detail() {
        refused("/api/v1/movements", "{\"site\":\"SNS-R01\",\"colour\":\"blue\"}")
                .jsonPath("$.detail").isEqualTo("unknown field colour")
                .jsonPath("$.parameter").isEqualTo("colour");
    }

    @Test
    void a_timestamp_without_a_zone_is_refused_saying_what_it_must_be() {
        refused("/api/v1/movements", "{\"site\":\"SNS-R01\",\"occurredAt\":\"2026-01-01T10:00:00\"}")
                .jsonPath("$.detail").isEqualTo("occurredAt must be a date-time with an offset such as "
                        + "2026-03-27T08:30:00Z, was 2026-01-01T10:00:00")
                .jsonPath("$.parameter").isEqualTo("occurredAt");
    }

    @Test
    void text_that_is_not_json_is_refused_without_a_parameter() {
        refused("/api/v1/movements", "{\"site\": nope}")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .startsWith("the body is not valid JSON: ").doesNotContain("tools.jackson")
                        .hasSizeLessThan(300))
                .jsonPath("$.parameter").doesNotExist();
    }

    @Test
    void a_lot_that_may_not_be_issued_says_its_status_in_lot_status_not_in_the_standard_status_member() {
        String lot = "Q-" + UUID.randomUUID();
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"site\":\"SNS-R06\",\"product\":\"" + PRODUCT + "\",\"type\":\"RECEIPT\",\"quantity\":5,"
                        + "\"lot\":{\"number\":\"" + lot + "\",\"expiry\":\"" + LocalDate.now().plusYears(1) + "\"}}")
                .exchange().expectStatus().isCreated();
        jdbc.update("UPDATE lot SET status = 'QUARANTINED' WHERE lot_number = ?", lot);

        String problem = web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"site\":\"SNS-R06\",\"product\":\"" + PRODUCT + "\",\"type\":\"ISSUE\",\"quantity\":1,"
                        + "\"lot\":{\"number\":\"" + lot + "\"}}")
                .exchange().expectStatus().isEqualTo(409)
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(problem).containsOnlyOnce("\"status\"").contains("\"status\":409")
                .contains("\"lotStatus\":\"QUARANTINED\"");
    }

    private WebTestClient.BodyContentSpec refused(String uri, String body) {
        return web.post().uri(uri).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/invalid-request");
    }
}
