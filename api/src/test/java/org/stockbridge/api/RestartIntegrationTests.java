package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.security.LocalTokenIssuer;

/**
 * The run path: the application in its embedded default (its own PostgreSQL on a data directory, the local token
 * issuer on), stopped and started again.
 */
class RestartIntegrationTests {

    @Test
    void what_was_posted_before_a_stop_is_still_there_after_a_restart(@TempDir Path data) {
        String token;
        try (ConfigurableApplicationContext first = start(data)) {
            new CatalogueFixture(first.getBean(JdbcTemplate.class)).load();
            token = first.getBean(LocalTokenIssuer.class).mint("phac-manager");
            client(first, token).post().uri("/api/v1/movements").header("Idempotency-Key", "restart-1")
                    .bodyValue(Map.of("site", "NESS-NAT", "product", "PPE-n95", "type", "RECEIPT", "quantity", 250,
                            "lot", Map.of("number", "N95-A", "expiry", "2031-01-31")))
                    .exchange().expectStatus().isCreated();
        }

        try (ConfigurableApplicationContext second = start(data)) {
            // The local issuer's key is kept beside the data, so a token issued before the restart is still good.
            client(second, token).get().uri("/api/v1/sites/NESS-NAT/products/PPE-n95/lots/N95-A/balance").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.onHand").isEqualTo(250);
            client(second, token).post().uri("/api/v1/movements").header("Idempotency-Key", "restart-1")
                    .bodyValue(Map.of("site", "NESS-NAT", "product", "PPE-n95", "type", "RECEIPT", "quantity", 250,
                            "lot", Map.of("number", "N95-A", "expiry", "2031-01-31")))
                    .exchange().expectStatus().isCreated()
                    .expectHeader().valueEquals("Idempotent-Replayed", "true");
            assertThat(second.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM movement", Long.class))
                    .isEqualTo(1);
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(StockbridgeApplication.class).run(
                "--server.port=0",
                "--stockbridge.db.url=",
                "--stockbridge.db.embedded.data-directory=" + data.resolve("pgdata"),
                "--stockbridge.security.local-issuer.key-file=" + data.resolve("local-issuer-key.json"),
                "--stockbridge.reference.load-on-start=false",
                "--stockbridge.demo.enabled=false",
                "--stockbridge.shortages.load-on-start=false");
    }

    private static WebTestClient client(ConfigurableApplicationContext context, String token) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("Authorization", "Bearer " + token).build();
    }
}
