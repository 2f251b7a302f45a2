package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
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
 * Identifier-like text a client sends (lot numbers, document references) holds no control characters (NUL, CR, LF)
 * and no invisible or direction-changing characters (U+202E): such a value is a 400 naming the field, never a 500
 * from the database nor a stored lot that splits log lines or reads backwards.
 */
@ApiIntegrationTest
class ClientTextApiIntegrationTests {

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
            0000 | lot.number  | movement.lot.number must not contain control characters (U+0000 at position 4)
            000D | lot.number  | movement.lot.number must not contain control characters (U+000D at position 4)
            000A | lot.number  | movement.lot.number must not contain control characters (U+000A at position 4)
            202E | lot.number  | movement.lot.number must not contain invisible or direction-changing characters \
            (U+202E at position 4)
            0000 | documentRef | movement.documentRef must not contain control characters (U+0000 at position 4)
            """)
    void a_control_or_direction_character_in_an_identifier_is_refused_naming_the_field(String hex, String field,
                                                                                     String detail) {
        String bad = "ATK" + Character.toString(Integer.parseInt(hex, 16)) + "X";
        String lot = field.equals("lot.number") ? bad : "T-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("site", "SNS-R01", "product", PRODUCT, "type", "RECEIPT", "quantity", 5,
                "documentRef", field.equals("documentRef") ? bad : "PO-1",
                "lot", Map.of("number", lot, "expiry", LocalDate.now().plusYears(1).toString()));

        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/invalid-request")
                .jsonPath("$.parameter").isEqualTo("movement." + field)
                .jsonPath("$.detail").isEqualTo(detail);
        String stored = lot.startsWith("ATK") ? "ATK%" : lot;
        assertThat(jdbc.queryForObject("SELECT count(*) FROM lot WHERE lot_number LIKE ?", Long.class, stored))
                .isZero();
    }
}
