package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * A statement of the API that runs past {@code stockbridge.db.statement-timeout} is cancelled by the server (ADR 0020):
 * the request is a 503 to retry, nothing of it is kept, and the same request retried once the database answers again
 * goes through.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "stockbridge.db.statement-timeout=1s")
class StatementTimeoutApiIntegrationTests {

    private static final String PRODUCT = "DIN-02240285";

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

    @BeforeAll
    void stock() {
        new CatalogueFixture(jdbc).load();
        post(UUID.randomUUID().toString(), Map.of("site", "SNS-R01", "product", PRODUCT, "type", "RECEIPT",
                "quantity", 50, "lot", Map.of("number", "SLOW-1", "expiry", LocalDate.now().plusYears(1).toString())))
                .expectStatus().isCreated();
    }

    @Test
    void a_movement_held_up_past_the_statement_timeout_is_a_503_that_keeps_nothing_and_succeeds_when_retried()
            throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> issue = Map.of("site", "SNS-R01", "product", PRODUCT, "type", "ISSUE", "quantity", 8,
                "lot", Map.of("number", "SLOW-1"));
        try (Connection holder = dataSource.getConnection(); Statement statement = holder.createStatement()) {
            // another session holds the lot's balance row, so the posting waits for it past the timeout
            holder.setAutoCommit(false);
            statement.execute("SELECT 1 FROM balance b JOIN lot l ON l.id = b.lot_id JOIN site s ON s.id = b.site_id "
                    + "WHERE s.code = 'SNS-R01' AND l.lot_number = 'SLOW-1' FOR UPDATE OF b");

            post(key, issue).expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "1")
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/service-unavailable")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .contains("cannot answer now").doesNotContain("connection"));
            holder.rollback();
        }
        assertThat(onHand()).as("the cancelled issue kept nothing").isEqualTo(50);

        post(key, issue).expectStatus().isCreated();
        assertThat(onHand()).isEqualTo(42);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                + "AND application_name = 'stockbridge-api' AND now() - query_start > interval '2 seconds'",
                Long.class)).as("no statement of the API still runs on the server").isZero();
    }

    private long onHand() {
        return jdbc.queryForObject("SELECT b.on_hand FROM balance b JOIN lot l ON l.id = b.lot_id "
                + "JOIN site s ON s.id = b.site_id WHERE s.code = 'SNS-R01' AND l.lot_number = 'SLOW-1'", Long.class);
    }

    private WebTestClient.ResponseSpec post(String key, Map<String, Object> body) {
        return web.post().uri("/api/v1/movements").header("Idempotency-Key", key).bodyValue(body).exchange();
    }
}
