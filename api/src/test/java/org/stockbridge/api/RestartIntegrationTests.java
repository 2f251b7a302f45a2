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

/** The run path: the application starting its own embedded PostgreSQL on a data directory, stopped and started again. */
class RestartIntegrationTests {

    @Test
    void what_was_posted_before_a_stop_is_still_there_after_a_restart(@TempDir Path data) {
        try (ConfigurableApplicationContext first = start(data)) {
            new CatalogueFixture(first.getBean(JdbcTemplate.class)).load();
            client(first).post().uri("/api/v1/movements").header("Idempotency-Key", "restart-1")
                    .bodyValue(Map.of("site", "NESS-NAT", "product", "PPE-n95", "type", "RECEIPT", "quantity", 250,
                            "lot", Map.of("number", "N95-A", "expiry", "2031-01-31")))
                    .exchange().expectStatus().isCreated();
        }

        try (ConfigurableApplicationContext second = start(data)) {
            client(second).get().uri("/api/v1/sites/NESS-NAT/products/PPE-n95/lots/N95-A/balance").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.onHand").isEqualTo(250);
            client(second).post().uri("/api/v1/movements").header("Idempotency-Key", "restart-1")
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
                "--stockbridge.reference.load-on-start=false",
                "--stockbridge.demo.enabled=false");
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
