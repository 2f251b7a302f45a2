package org.stockbridge.api.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.CatalogueFixture;
import org.stockbridge.infra.testing.SpringTestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook delivery under adverse conditions, end to end through a real HTTP receiver on loopback: a receiver down for
 * a full minute while alerts are raised, and a target name that resolves elsewhere at connect time than when it was
 * saved (DNS rebinding; the name lookup is replaced by one of the test's own). Backoff is shortened so retries go on
 * through the minute. No assertion is on time; the minute is a wait.
 */
@ApiIntegrationTest
@TestPropertySource(properties = {"stockbridge.webhooks.allow-loopback=true",
        "stockbridge.webhooks.initial-backoff=PT0.5S", "stockbridge.webhooks.max-backoff=PT2S",
        "stockbridge.webhooks.max-attempts=200", "stockbridge.webhooks.poll-interval=PT0.2S",
        "stockbridge.alerts.evaluator-interval=PT0.1S"})
class WebhookDeliveryIntegrationTests {

    private static final String US = "NDC-23155-601";
    private static final String CA = "DIN-02240285";
    private static final String REBINDING = "rebind.stockbridge.test";
    private static final Duration DOWN = Duration.ofSeconds(62);
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    /** Resolves {@link #REBINDING} to loopback the first time, to the cloud metadata address after; others as usual. */
    @TestConfiguration
    static class RebindingLookup {

        @Bean
        @Primary
        WebhookNameLookup rebindingLookup() {
            AtomicInteger lookups = new AtomicInteger();
            return host -> {
                if (!host.equals(REBINDING)) {
                    return Arrays.asList(InetAddress.getAllByName(host));
                }
                byte[] address = lookups.getAndIncrement() == 0 ? new byte[] {127, 0, 0, 1}
                        : new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254};
                try {
                    return List.of(InetAddress.getByAddress(host, address));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            };
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    private final JsonMapper json = JsonMapper.builder().build();
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
    void aReceiverDownForAFullMinuteGetsEveryAlertAfterItReturnsWithTheSameWebhookIdOnEachCopy() throws Exception {
        Map<String, Object> subscription = subscribe("olga", Map.of("name", "Ottawa and Boston",
                "events", List.of("STOCK_BELOW_POLICY"), "sites", List.of("NESS-NAT", "SNS-R01"),
                "products", List.of(US, CA), "webhookUrl", receiver.url("/olga")));
        long subscriptionId = ((Number) subscription.get("id")).longValue();
        receiver.stop();
        long downSince = System.nanoTime();

        policy("NESS-NAT", CA, 5, 30);
        policy("SNS-R01", US, 5, 30);
        waitFor(() -> alerts("olga").size() == 2, "the first two alerts");
        sleepUntil(downSince, DOWN.dividedBy(3));
        receipt("NESS-NAT", CA, "N-1", 50);
        waitFor(() -> alerts("olga").size() == 3, "the cleared alert");
        sleepUntil(downSince, DOWN.dividedBy(3).multipliedBy(2));
        issue("NESS-NAT", CA, 40);
        receipt("SNS-R01", US, "B-1", 100);
        waitFor(() -> alerts("olga").size() == 5, "the last two alerts");
        sleepUntil(downSince, DOWN);
        List<JsonNode> failedMeanwhile = deliveries(subscriptionId, "olga");
        assertThat(failedMeanwhile).hasSize(5).allSatisfy(d -> {
            assertThat(d.path("state").asString()).isEqualTo("PENDING");
            assertThat(d.path("attemptLog")).isNotEmpty();
            assertThat(d.path("attemptLog").get(0).path("status").isNull()).isTrue();
            assertThat(d.path("attemptLog").get(0).path("error").asString()).isNotBlank();
        });
        assertThat(failedMeanwhile.get(4).path("attemptLog").size()).isGreaterThan(10);
        assertThat(receiver.received("/olga")).isEmpty();

        receiver.failFirst("/olga", 1);
        receiver.restart();

        List<String> messageIds = alerts("olga").stream().map(a -> "msg_alert_" + a.path("id").asLong()).toList();
        waitFor(() -> receiver.received("/olga").stream().filter(r -> r.answered() == 204).count() == 5,
                "every alert taken after the receiver returned");
        List<WebhookReceiver.Received> received = receiver.received("/olga");
        assertThat(received.stream().filter(r -> r.answered() == 204).map(WebhookReceiver.Received::id))
                .containsExactlyInAnyOrderElementsOf(messageIds);
        for (String id : messageIds) {
            List<WebhookReceiver.Received> copies = received.stream().filter(r -> r.id().equals(id)).toList();
            assertThat(copies).extracting(WebhookReceiver.Received::answered).containsExactly(503, 204);
            assertThat(copies).extracting(WebhookReceiver.Received::body).containsOnly(copies.get(0).body());
        }
        waitFor(() -> deliveries(subscriptionId, "olga").stream()
                .allMatch(d -> d.path("state").asString().equals("DELIVERED")), "every delivery recorded");
    }

    @Test
    void aNameThatResolvesToTheMetadataAddressAtConnectTimeIsRefusedAndTheAttemptRecordedWithTheReason() {
        Map<String, Object> subscription = subscribe("pete", Map.of("name", "rebinding",
                "events", List.of("STOCK_BELOW_POLICY"), "sites", List.of("SNS-R06"), "products", List.of(US),
                "webhookUrl", "https://" + REBINDING + "/hook"));
        long subscriptionId = ((Number) subscription.get("id")).longValue();

        policy("SNS-R06", US, 5, 30);

        waitFor(() -> deliveries(subscriptionId, "pete").size() == 1
                && !deliveries(subscriptionId, "pete").get(0).path("attemptLog").isEmpty(), "the first attempt");
        JsonNode attempt = deliveries(subscriptionId, "pete").get(0).path("attemptLog").get(0);
        assertThat(attempt.path("status").isNull()).isTrue();
        assertThat(attempt.path("error").asString()).isEqualTo("target refused: " + REBINDING
                + " resolved to 169.254.169.254 is a link-local address (cloud metadata lives there)");
    }

    private Map<String, Object> subscribe(String actor, Map<String, Object> body) {
        return web.post().uri("/api/v1/subscriptions").header("X-Actor", actor).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
    }

    private List<JsonNode> alerts(String actor) {
        return items("/api/v1/alerts?limit=100", actor);
    }

    private List<JsonNode> deliveries(long subscription, String actor) {
        return items("/api/v1/subscriptions/" + subscription + "/deliveries?limit=100", actor);
    }

    private List<JsonNode> items(String uri, String actor) {
        Map<String, Object> page = web.get().uri(uri).header("X-Actor", actor).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        JsonNode items = json.valueToTree(page.get("items"));
        return items.valueStream().toList();
    }

    private void policy(String site, String product, long safety, long reorder) {
        web.put().uri("/api/v1/sites/{s}/products/{p}/policy", site, product)
                .bodyValue(Map.of("safetyStock", safety, "reorderPoint", reorder)).exchange()
                .expectStatus().isCreated();
    }

    private void receipt(String site, String product, String lot, long quantity) {
        movement(Map.of("site", site, "product", product, "type", "RECEIPT", "quantity", quantity,
                "lot", Map.of("number", lot, "expiry", LocalDate.now().plusYears(2).toString())));
    }

    private void issue(String site, String product, long quantity) {
        movement(Map.of("site", site, "product", product, "type", "ISSUE", "quantity", quantity));
    }

    private void movement(Map<String, Object> body) {
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body)
                .exchange().expectStatus().isCreated();
    }

    private static void sleepUntil(long sinceNanos, Duration after) throws InterruptedException {
        long remaining = sinceNanos + after.toNanos() - System.nanoTime();
        if (remaining > 0) {
            Thread.sleep(remaining / 1_000_000);
        }
    }

    private static void waitFor(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
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
