package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
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
 * The Prometheus scrape: readable by administrators only, and carrying the ledger's and the feed's meters with the
 * values the requests made here produced. The class has its context (and so its registry) to itself.
 */
@ApiIntegrationTest
class MetricsApiIntegrationTests {

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
    void the_scrape_counts_posted_lines_refusals_by_reason_replays_and_a_partners_feed_lag() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> receipt = Map.of("site", "SNS-R01", "product", PRODUCT, "type", "RECEIPT", "quantity", 10,
                "lot", Map.of("number", "M-1", "expiry", LocalDate.now().plusYears(2).toString()));
        web.post().uri("/api/v1/movements").header("Idempotency-Key", key).bodyValue(receipt).exchange()
                .expectStatus().isCreated();
        web.post().uri("/api/v1/movements").header("Idempotency-Key", key).bodyValue(receipt).exchange()
                .expectStatus().isCreated().expectHeader().valueEquals("Idempotent-Replayed", "true");
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", "SNS-R01", "product", PRODUCT, "type", "ISSUE", "quantity", 15,
                        "lot", Map.of("number", "M-1")))
                .exchange().expectStatus().isEqualTo(409);
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", "NO-SUCH-SITE", "product", PRODUCT, "type", "RECEIPT", "quantity", 1))
                .exchange().expectStatus().isEqualTo(422);
        long head = ((Number) web.get().uri("/api/v1/changes/head").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("position")).longValue();
        web.get().uri("/api/v1/changes?after=0").exchange().expectStatus().isOk();

        String scrape = scrape();

        assertThat(value(scrape, "stockbridge_movements_posted_total")).isEqualTo(1.0);
        assertThat(value(scrape, "stockbridge_movements_refused_total{reason=\"insufficient-stock\"}")).isEqualTo(1.0);
        assertThat(value(scrape, "stockbridge_movements_refused_total{reason=\"unknown-reference\"}")).isEqualTo(1.0);
        assertThat(value(scrape, "stockbridge_idempotency_replays_total")).isEqualTo(1.0);
        assertThat(value(scrape, "stockbridge_ledger_post_seconds_count")).isGreaterThanOrEqualTo(1.0);
        assertThat(head).isPositive();
        assertThat(value(scrape, "stockbridge_feed_lag{client=\"test-admin\"}")).isEqualTo((double) head);
    }

    @Test
    void the_scrape_is_refused_without_a_token_and_to_a_token_without_the_admin_scope() {
        web.mutate().defaultHeaders(headers -> headers.remove("Authorization")).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
        web.mutate().defaultHeaders(headers -> headers.setBearerAuth(issuer.mint("aspr-manager"))).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.requiredScope").isEqualTo("admin");
        web.mutate().defaultHeaders(headers -> headers.setBearerAuth(issuer.mint("admin"))).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    private String scrape() {
        return web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /** The value of one series, named as Prometheus shows it (labels in the order the scrape writes them). */
    private static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        throw new AssertionError("no series " + series + " in the scrape:\n" + scrape);
    }
}
