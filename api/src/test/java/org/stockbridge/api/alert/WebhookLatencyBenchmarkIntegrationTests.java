package org.stockbridge.api.alert;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.CatalogueFixture;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * Measures, for {@code -Dbenchmark.webhooks=N} movements that each raise or clear an alert (stock crossing its policy's
 * reorder point one way, then the other), the time from sending the movement's POST until a receiver on loopback gets
 * the webhook, with the default intervals (sequencer 0.2 s, evaluator 0.5 s, delivery poll 0.5 s). Movements are
 * posted one at a time, each after the previous webhook arrived. Run by {@code benchmarks/webhook-latency.sh}; skipped
 * otherwise.
 */
@ApiIntegrationTest
@EnabledIfSystemProperty(named = "benchmark.webhooks", matches = "\\d+")
@TestPropertySource(properties = "stockbridge.webhooks.allow-loopback=true")
class WebhookLatencyBenchmarkIntegrationTests {

    private static final String PRODUCT = "NDC-23155-601";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    private WebhookReceiver receiver;

    @BeforeAll
    void start() throws Exception {
        new CatalogueFixture(jdbc).load();
        receiver = new WebhookReceiver();
    }

    @AfterAll
    void stop() {
        receiver.close();
    }

    @Test
    void measuresTheTimeFromAMovementToItsWebhook() throws Exception {
        int rounds = Integer.getInteger("benchmark.webhooks");
        web.post().uri("/api/v1/subscriptions").bodyValue(Map.of("name", "benchmark",
                        "events", List.of("STOCK_BELOW_POLICY"), "sites", List.of("SNS-R06"),
                        "products", List.of(PRODUCT), "webhookUrl", receiver.url("/bench")))
                .exchange().expectStatus().isCreated();
        web.put().uri("/api/v1/sites/SNS-R06/products/{p}/policy", PRODUCT)
                .bodyValue(Map.of("safetyStock", 10, "reorderPoint", 50)).exchange().expectStatus().isCreated();
        awaitWebhooks(1);
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Map<String, Object> movement = i % 2 == 0
                    ? Map.of("site", "SNS-R06", "product", PRODUCT, "type", "RECEIPT", "quantity", 100,
                    "lot", Map.of("number", "B-" + i, "expiry", LocalDate.now().plusYears(2).toString()))
                    : Map.of("site", "SNS-R06", "product", PRODUCT, "type", "ISSUE", "quantity", 100);
            long sent = System.nanoTime();
            web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                    .bodyValue(movement).exchange().expectStatus().isCreated();
            WebhookReceiver.Received received = awaitWebhooks(i + 2);
            millis.add((received.arrivedNanos() - sent) / 1e6);
        }
        List<Double> sorted = millis.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "webhook latency: %d movements, each raising or clearing one alert%n", rounds);
        System.out.printf(Locale.ROOT, "  movement POST sent -> webhook received  p50 %.0f ms  p90 %.0f ms  "
                + "p99 %.0f ms  max %.0f ms%n", pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
                sorted.get(sorted.size() - 1));
    }

    private WebhookReceiver.Received awaitWebhooks(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (receiver.received("/bench").size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("webhook " + count + " did not arrive");
            }
            Thread.sleep(2);
        }
        return receiver.received("/bench").get(count - 1);
    }

    private static double pct(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
