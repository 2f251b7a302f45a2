package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.alert.WebhookReceiver;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * Two replicas on one database, both evaluating alerts and both delivering webhooks, polling the outbox often and
 * claiming small batches so that they contend for the same messages: each alert is raised once, and each attempt of a
 * message is made once, by one replica (the receiver answers 503 to the first attempt of each message, so every
 * message is attempted exactly twice, and received exactly twice).
 */
@ApiIntegrationTest
@TestPropertySource(properties = {"stockbridge.webhooks.allow-loopback=true",
        "stockbridge.webhooks.initial-backoff=PT0.05S", "stockbridge.webhooks.max-backoff=PT0.1S",
        "stockbridge.webhooks.poll-interval=PT0.05S", "stockbridge.webhooks.batch=2",
        "stockbridge.alerts.evaluator-interval=PT0.05S"})
class CrossReplicaWebhookDeliveryIntegrationTests {

    private static final List<String> SITES = List.of("NESS-NAT", "SNS-R01", "SNS-R06");
    private static final List<String> PRODUCTS = List.of("NDC-23155-601", "DIN-02240285");
    private static final List<String> WATCHERS = List.of("quinn", "rosa");

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

    private SecondReplica replicaB;
    private WebhookReceiver receiver;

    @BeforeAll
    void start() throws Exception {
        new CatalogueFixture(jdbc).load();
        receiver = new WebhookReceiver();
        replicaB = SecondReplica.start("--stockbridge.webhooks.allow-loopback=true",
                "--stockbridge.webhooks.initial-backoff=PT0.05S", "--stockbridge.webhooks.max-backoff=PT0.1S",
                "--stockbridge.webhooks.poll-interval=PT0.05S", "--stockbridge.webhooks.batch=2",
                "--stockbridge.alerts.evaluator-interval=PT0.05S");
    }

    @AfterAll
    void stop() {
        if (replicaB != null) {
            replicaB.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void each_alert_is_raised_once_and_each_attempt_of_its_webhook_made_once_with_two_replicas_delivering() {
        WebTestClient clientB = replicaB.client(issuer.mint("replica-test", TestSecurity.ALL_SCOPES, "US CA", null,
                null, Duration.ofHours(1)));
        for (String watcher : WATCHERS) {
            receiver.failFirst("/" + watcher, 1);
            web.post().uri("/api/v1/subscriptions").header("X-Actor", watcher)
                    .bodyValue(Map.of("name", "everything of the test", "events", List.of("STOCK_BELOW_POLICY"),
                            "sites", SITES, "products", PRODUCTS, "webhookUrl", receiver.url("/" + watcher)))
                    .exchange().expectStatus().isCreated();
        }

        int pair = 0;
        for (String site : SITES) {
            for (String product : PRODUCTS) {
                WebTestClient through = pair++ % 2 == 0 ? web : clientB;
                through.put().uri("/api/v1/sites/{s}/products/{p}/policy", site, product)
                        .bodyValue(Map.of("safetyStock", 5, "reorderPoint", 30)).exchange()
                        .expectStatus().isCreated();
                // stock is judged as it is when a round runs: let the dip below the policy be seen before the receipt
                String condition = site + "/" + product;
                waitFor(() -> jdbc.queryForObject("SELECT count(*) FROM alert WHERE condition_key = ? AND kind = "
                        + "'RAISED'", Long.class, condition) == WATCHERS.size(), () -> "the raise of " + condition);
                through.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                        .bodyValue(Map.of("site", site, "product", product, "type", "RECEIPT", "quantity", 50,
                                "lot", Map.of("number", "R-" + pair, "expiry", LocalDate.now().plusYears(2).toString())))
                        .exchange().expectStatus().isCreated();
            }
        }
        int conditions = SITES.size() * PRODUCTS.size();
        int expectedAlerts = WATCHERS.size() * conditions * 2;

        waitFor(() -> count("SELECT count(*) FROM alert") == expectedAlerts, () -> "a raised and a cleared alert per "
                + "condition and watcher; the alerts: " + jdbc.queryForList(
                        "SELECT owner, event, condition_key, kind FROM alert ORDER BY id"));
        waitFor(() -> count("SELECT count(*) FROM webhook_delivery WHERE state = 'DELIVERED'") == expectedAlerts,
                () -> "every webhook delivered; the deliveries by state: " + jdbc.queryForList(
                        "SELECT state, count(*) FROM webhook_delivery GROUP BY state"));

        assertThat(count("SELECT count(*) FROM (SELECT 1 FROM alert GROUP BY owner, condition_key, kind "
                + "HAVING count(*) > 1) twice")).isZero();
        assertThat(count("SELECT count(*) FROM webhook_delivery")).isEqualTo(expectedAlerts);
        assertThat(jdbc.queryForList("SELECT count(*) FROM webhook_attempt GROUP BY delivery_id, attempt", Long.class))
                .hasSize(expectedAlerts * 2).containsOnly(1L);
        assertThat(count("SELECT count(*) FROM webhook_delivery WHERE attempts <> 2")).isZero();
        for (String watcher : WATCHERS) {
            Map<String, List<Integer>> answersById = receiver.received("/" + watcher).stream()
                    .collect(Collectors.groupingBy(WebhookReceiver.Received::id,
                            Collectors.mapping(WebhookReceiver.Received::answered, Collectors.toList())));
            assertThat(answersById).hasSize(conditions * 2);
            assertThat(answersById.values()).allSatisfy(answers -> assertThat(answers).containsExactly(503, 204));
        }
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    private static void waitFor(Supplier<Boolean> condition, Supplier<String> what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
