package org.stockbridge.api.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.CatalogueFixture;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subscriptions, alerts and webhooks end to end: movements posted through the API, the evaluator following the change
 * feed, and webhooks delivered to a real HTTP receiver on loopback, whose signatures are checked here by an
 * implementation of the Standard Webhooks recipe of the test's own. Retries are made fast by the settings; no test
 * asserts on time, only waits (with a generous bound) for what must happen.
 */
@ApiIntegrationTest
@TestPropertySource(properties = {"stockbridge.webhooks.allow-loopback=true",
        "stockbridge.webhooks.initial-backoff=PT0.05S", "stockbridge.webhooks.max-backoff=PT0.2S",
        "stockbridge.webhooks.max-attempts=4", "stockbridge.webhooks.poll-interval=PT0.1S",
        "stockbridge.alerts.evaluator-interval=PT0.1S"})
class AlertsAndWebhooksIntegrationTests {

    private static final String US = "NDC-23155-601";
    private static final String CA = "DIN-02240285";
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

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
    void stockThatStaysBelowItsPolicyRaisesOneAlertAndItsRecoveryOneCleared() {
        Map<String, Object> subscription = subscribe("alice", Map.of("name", "Dallas midazolam",
                "events", List.of("STOCK_BELOW_POLICY"), "sites", List.of("SNS-R06"), "products", List.of(US),
                "webhookUrl", receiver.url("/alice")));
        String secret = (String) subscription.get("webhookSecret");
        assertThat(secret).startsWith("whsec_");

        policy("SNS-R06", US, 20, 50);
        waitFor(() -> alerts("alice").size() == 1, "the first alert");
        receipt("SNS-R06", US, "D-1", 100);
        waitFor(() -> alerts("alice").size() == 2, "the cleared alert");
        issue("SNS-R06", US, 60);
        waitFor(() -> alerts("alice").size() == 3, "the alert raised again");
        issue("SNS-R06", US, 5);
        waitUntilEvaluated();
        assertThat(alerts("alice")).hasSize(3);
        receipt("SNS-R06", US, "D-2", 100);
        waitFor(() -> alerts("alice").size() == 4, "the second cleared alert");

        List<JsonNode> alerts = alerts("alice");
        assertThat(alerts).extracting(a -> a.path("kind").asString())
                .containsExactly("CLEARED", "RAISED", "CLEARED", "RAISED");
        assertThat(alerts.get(1).path("evidence").path("usableOnHand").asLong()).isEqualTo(40);
        assertThat(alerts.get(1).path("evidence").path("level").asString()).isEqualTo("BELOW_REORDER_POINT");
        assertThat(alerts.get(1).path("condition").asString()).isEqualTo("SNS-R06/" + US);

        waitFor(() -> receiver.received("/alice").size() == 4, "four webhooks");
        for (WebhookReceiver.Received message : receiver.received("/alice")) {
            assertThat(message.signature().split(" ")).contains(expectedSignature(secret, message));
            JsonNode body = json.readTree(message.body());
            assertThat(message.id()).isEqualTo("msg_alert_" + body.path("data").path("alertId").asLong());
            assertThat(body.path("type").asString()).isIn("alert.raised", "alert.cleared");
        }
        assertThat(alerts("bob")).isEmpty();
    }

    @Test
    void alertsAreListedWithAnUnreadCountAndMarkedRead() {
        subscribe("carol", Map.of("name", "Ottawa US", "events", List.of("STOCK_BELOW_POLICY"),
                "sites", List.of("NESS-NAT"), "products", List.of(US)));
        policy("NESS-NAT", US, 1, 10);
        waitFor(() -> alerts("carol").size() == 1, "the alert");

        Map<String, Object> page = get("/api/v1/alerts", "carol");
        assertThat(((Number) page.get("unreadCount")).longValue()).isEqualTo(1);
        long id = alerts("carol").get(0).path("id").asLong();
        web.post().uri("/api/v1/alerts/{id}/read", id).header("X-Actor", "carol").exchange()
                .expectStatus().isNoContent();
        web.post().uri("/api/v1/alerts/{id}/read", id).header("X-Actor", "dave").exchange()
                .expectStatus().isNotFound();
        assertThat(((Number) get("/api/v1/alerts", "carol").get("unreadCount")).longValue()).isZero();
        assertThat(((Number) get("/api/v1/alerts", "carol").get("unreadCount")).longValue()).isZero();
    }

    @Test
    void aReceiverThatFailsForAWhileGetsEveryAlertWithTheSameWebhookIdEachTime() {
        receiver.failFirst("/flaky", 2);
        subscribe("erin", Map.of("name", "Ottawa", "events", List.of("STOCK_BELOW_POLICY"),
                "sites", List.of("NESS-NAT"), "products", List.of(CA), "webhookUrl", receiver.url("/flaky")));
        policy("NESS-NAT", CA, 5, 30);
        waitFor(() -> alerts("erin").size() == 1, "the first alert");
        receipt("NESS-NAT", CA, "N-1", 50);
        waitFor(() -> alerts("erin").size() == 2, "the cleared alert");
        issue("NESS-NAT", CA, 40);
        waitFor(() -> alerts("erin").size() == 3, "the third alert");

        List<String> alertIds = alerts("erin").stream().map(a -> "msg_alert_" + a.path("id").asLong()).toList();
        waitFor(() -> receiver.received("/flaky").stream().filter(r -> r.answered() == 204).count() == 3,
                "every alert accepted");
        List<WebhookReceiver.Received> received = receiver.received("/flaky");
        assertThat(received.stream().filter(r -> r.answered() == 204).map(WebhookReceiver.Received::id))
                .containsExactlyInAnyOrderElementsOf(alertIds);
        for (String id : alertIds) {
            List<WebhookReceiver.Received> attempts = received.stream().filter(r -> r.id().equals(id)).toList();
            assertThat(attempts).extracting(WebhookReceiver.Received::answered).containsExactly(503, 503, 204);
            assertThat(attempts).extracting(WebhookReceiver.Received::body).containsOnly(attempts.get(0).body());
        }
    }

    @Test
    void aMessageTheReceiverNeverTakesIsADeadLetterAfterTheBoundAndCanBeRedelivered() {
        receiver.answer("/down", 500);
        Map<String, Object> subscription = subscribe("frank", Map.of("name", "Boston US", "events",
                List.of("STOCK_BELOW_POLICY"), "sites", List.of("SNS-R01"), "products", List.of(US),
                "webhookUrl", receiver.url("/down")));
        long id = ((Number) subscription.get("id")).longValue();
        policy("SNS-R01", US, 5, 30);

        waitFor(() -> "DEAD".equals(delivery(id, "frank").path("state").asString()), "a dead letter");
        JsonNode dead = delivery(id, "frank");
        assertThat(dead.path("attempts").asInt()).isEqualTo(4);
        assertThat(dead.path("attemptLog")).hasSize(4);
        assertThat(dead.path("attemptLog").get(0).path("status").asInt()).isEqualTo(500);
        assertThat(dead.path("attemptLog").get(0).path("responseExcerpt").asString()).isEqualTo("answered 500");
        assertThat(receiver.received("/down")).hasSize(4);

        receiver.answer("/down", 204);
        web.post().uri("/api/v1/subscriptions/{id}/deliveries/{d}/redelivery", id, dead.path("id").asLong())
                .header("X-Actor", "frank").exchange().expectStatus().isAccepted();
        waitFor(() -> "DELIVERED".equals(delivery(id, "frank").path("state").asString()), "the redelivery");
        assertThat(receiver.received("/down")).extracting(WebhookReceiver.Received::id).containsOnly(dead.path("messageId").asString());
        web.post().uri("/api/v1/subscriptions/{id}/deliveries/{d}/redelivery", id, dead.path("id").asLong())
                .header("X-Actor", "grace").exchange().expectStatus().isNotFound();
    }

    @Test
    void aMessageWhoseAttemptIsInFlightIsNotRedeliveredAlongsideIt() {
        receiver.answer("/busy", 500);
        Map<String, Object> subscription = subscribe("olga", Map.of("name", "Dallas N95", "events",
                List.of("STOCK_BELOW_POLICY"), "sites", List.of("SNS-R06"), "products", List.of("PPE-n95"),
                "webhookUrl", receiver.url("/busy")));
        long id = ((Number) subscription.get("id")).longValue();
        policy("SNS-R06", "PPE-n95", 5, 30);
        waitFor(() -> "DEAD".equals(delivery(id, "olga").path("state").asString()), "a dead letter");
        long message = delivery(id, "olga").path("id").asLong();
        jdbc.update("UPDATE webhook_delivery SET state = 'PENDING', claimed_until = now() + interval '1 hour' "
                + "WHERE id = ?", message);

        web.post().uri("/api/v1/subscriptions/{id}/deliveries/{d}/redelivery", id, message)
                .header("X-Actor", "olga").exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/delivery-in-flight");
        assertThat(jdbc.queryForObject("SELECT claimed_until > now() AND attempts = 4 FROM webhook_delivery "
                + "WHERE id = ?", Boolean.class, message)).isTrue();
        jdbc.update("UPDATE webhook_delivery SET state = 'DEAD', claimed_until = NULL WHERE id = ?", message);
    }

    @Test
    void anAlertOpenAtASiteTheSubscriptionStopsWatchingIsClearedAtItsNextEvaluation() {
        Map<String, Object> created = subscribe("pat", Map.of("name", "Ottawa N95", "events",
                List.of("STOCK_BELOW_POLICY"), "sites", List.of("NESS-NAT"), "products", List.of("PPE-n95")));
        long id = ((Number) created.get("id")).longValue();
        policy("NESS-NAT", "PPE-n95", 50, 500);
        waitFor(() -> alerts("pat").size() == 1, "the alert at Ottawa");

        web.put().uri("/api/v1/subscriptions/{id}", id).header("X-Actor", "pat").header("If-Match", "\"1\"")
                .bodyValue(Map.of("name", "Boston N95", "events", List.of("STOCK_BELOW_POLICY"),
                        "sites", List.of("SNS-R01"), "products", List.of("PPE-n95")))
                .exchange().expectStatus().isOk();
        receipt("NESS-NAT", "PPE-n95", "PPE-LOT-PAT", 1000);
        waitFor(() -> alerts("pat").size() == 2, "the alert at Ottawa cleared");

        assertThat(alerts("pat")).extracting(a -> a.path("kind").asString() + " " + a.path("condition").asString())
                .containsExactly("CLEARED NESS-NAT/PPE-n95", "RAISED NESS-NAT/PPE-n95");
    }

    @Test
    void aPartnerIsNeverAlertedAboutAnotherTenantsSite() {
        String partner = issuer.mint("boston-partner", List.of("read", "write"), null, null, List.of("SNS-R01"),
                Duration.ofHours(1));
        web.post().uri("/api/v1/subscriptions").header("Authorization", "Bearer " + partner)
                .bodyValue(Map.of("name", "theirs", "events", List.of("STOCK_BELOW_POLICY"), "sites", List.of("SNS-R06")))
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/unknown-reference");
        web.post().uri("/api/v1/subscriptions").header("Authorization", "Bearer " + partner)
                .bodyValue(Map.of("name", "all of the US", "events", List.of("STOCK_BELOW_POLICY"),
                        "jurisdictions", List.of("US"), "products", List.of(CA)))
                .exchange().expectStatus().isCreated();
        subscribe("henry", Map.of("name", "all of the US", "events", List.of("STOCK_BELOW_POLICY"),
                "jurisdictions", List.of("US"), "products", List.of(CA)));

        policy("SNS-R06", CA, 1, 10);
        policy("SNS-R01", CA, 1, 10);
        waitFor(() -> alerts("henry").size() == 2, "the official's alerts about Dallas and Boston");
        waitUntilEvaluated();
        Map<String, Object> partnerAlerts = web.get().uri("/api/v1/alerts").header("Authorization", "Bearer " + partner)
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(json.valueToTree(partnerAlerts.get("items")).findValuesAsString("condition"))
                .containsExactly("SNS-R01/" + CA);
    }

    @Test
    void aTransferRaisesItsApprovalUntilGivenThenItsDispatchAndReceiptOnce() {
        List<String> manager = List.of("read", "write", "approve");
        String us = issuer.mint("aspr-manager", manager, "US", null, null, Duration.ofHours(1));
        String ca = issuer.mint("phac-manager", manager, "CA", null, null, Duration.ofHours(1));
        subscribe("kim", Map.of("name", "Boston transfers", "events", List.of("TRANSFER_AWAITING_APPROVAL",
                "TRANSFER_DISPATCHED", "TRANSFER_RECEIVED"), "sites", List.of("SNS-R01"), "products", List.of("PPE-n95")));
        web.post().uri("/api/v1/subscriptions").header("Authorization", "Bearer " + ca)
                .bodyValue(Map.of("name", "for my approval", "events", List.of("TRANSFER_AWAITING_APPROVAL"),
                        "sites", List.of("NESS-NAT"), "products", List.of("PPE-n95")))
                .exchange().expectStatus().isCreated();
        receipt("SNS-R01", "PPE-n95", "PPE-LOT-1", 100);
        long id = jdbc.queryForObject("""
                INSERT INTO transfer (from_site_id, to_site_id, product_id, lot_id, quantity, packs, pack_size,
                                      cross_border, approvals_required, crossings, transit_days, cost, dispatch_on,
                                      arrives_on, explanation, created_by)
                SELECT f.id, t.id, l.product_id, l.id, 40, 4, 10, true, ARRAY['US', 'CA'], ARRAY['Champlain-Lacolle'],
                       3, 12.50, current_date, current_date + 3, '{}'::jsonb, 'tests'
                  FROM site f, site t, lot l
                 WHERE f.code = 'SNS-R01' AND t.code = 'NESS-NAT' AND l.lot_number = 'PPE-LOT-1'
                RETURNING id""", Long.class);

        long version = step(us, id, "approvals", 1, Map.of());
        waitUntilEvaluated();
        assertThat(alerts("kim")).hasSize(1);
        version = step(ca, id, "approvals", version, Map.of());
        version = step(us, id, "dispatch", version, Map.of());
        step(ca, id, "receipt", version, Map.of("receivedQuantity", 40));
        waitFor(() -> alerts("kim").size() == 4, "the transfer's four alerts");

        assertThat(alerts("kim")).extracting(a -> a.path("event").asString() + " " + a.path("kind").asString())
                .containsExactly("TRANSFER_RECEIVED RAISED", "TRANSFER_DISPATCHED RAISED",
                        "TRANSFER_AWAITING_APPROVAL CLEARED", "TRANSFER_AWAITING_APPROVAL RAISED");
        assertThat(alerts("kim").get(0).path("condition").asString()).isEqualTo("transfer/" + id);
        Map<String, Object> caAlerts = web.get().uri("/api/v1/alerts").header("Authorization", "Bearer " + ca)
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(json.valueToTree(caAlerts.get("items")).findValuesAsString("kind"))
                .containsExactly("CLEARED", "RAISED");
    }

    @Test
    void aPartnersTransferAlertNamesNeitherTheOtherTenantsSiteNorItsLot() {
        List<String> manager = List.of("read", "write", "approve");
        String us = issuer.mint("aspr-manager", manager, "US", null, null, Duration.ofHours(1));
        String partner = issuer.mint("boston-partner", List.of("read", "write"), null, null, List.of("SNS-R01"),
                Duration.ofHours(1));
        web.post().uri("/api/v1/subscriptions").header("Authorization", "Bearer " + partner)
                .bodyValue(Map.of("name", "arriving", "events", List.of("TRANSFER_AWAITING_APPROVAL",
                        "TRANSFER_DISPATCHED"), "sites", List.of("SNS-R01"), "products", List.of("PPE-n95")))
                .exchange().expectStatus().isCreated();
        receipt("SNS-R06", "PPE-n95", "PPE-LOT-DALLAS", 100);
        long id = jdbc.queryForObject("""
                INSERT INTO transfer (from_site_id, to_site_id, product_id, lot_id, quantity, packs, pack_size,
                                      cross_border, approvals_required, crossings, transit_days, cost, dispatch_on,
                                      arrives_on, explanation, created_by)
                SELECT f.id, t.id, l.product_id, l.id, 40, 4, 10, false, ARRAY['US'], ARRAY[]::text[],
                       2, 8.00, current_date, current_date + 2, '{}'::jsonb, 'tests'
                  FROM site f, site t, lot l
                 WHERE f.code = 'SNS-R06' AND t.code = 'SNS-R01' AND l.lot_number = 'PPE-LOT-DALLAS'
                RETURNING id""", Long.class);

        step(us, id, "dispatch", step(us, id, "approvals", 1, Map.of()), Map.of());
        waitUntilEvaluated();

        Map<String, Object> seen = web.get().uri("/api/v1/alerts").header("Authorization", "Bearer " + partner)
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        List<JsonNode> alerts = json.valueToTree(seen.get("items")).valueStream()
                .filter(a -> a.path("condition").asString().equals("transfer/" + id)).toList();
        assertThat(alerts).extracting(a -> a.path("event").asString() + " " + a.path("kind").asString())
                .contains("TRANSFER_DISPATCHED RAISED", "TRANSFER_AWAITING_APPROVAL RAISED");
        for (JsonNode alert : alerts) {
            JsonNode transfer = alert.path("evidence").path("transfer");
            assertThat(transfer.path("to").asString()).isEqualTo("SNS-R01");
            assertThat(transfer.path("from").isNull()).isTrue();
            assertThat(alert.toString()).doesNotContain("SNS-R06").doesNotContain("PPE-LOT-DALLAS");
        }
    }

    @Test
    void aWebhookToAPrivateLinkLocalOrMetadataAddressIsRefused() {
        for (String url : List.of("https://169.254.169.254/latest/meta-data", "https://10.0.0.5/hook",
                "https://172.16.3.4/hook", "https://192.168.0.10/hook", "https://[fd00::1]/hook",
                "https://[::ffff:169.254.169.254]/hook", "https://0.0.0.0/hook", "http://example.org/hook",
                "ftp://example.org/hook", "https://user:secret@example.org/hook", "not a url")) {
            web.post().uri("/api/v1/subscriptions")
                    .bodyValue(Map.of("name", "ssrf", "events", List.of("STOCK_BELOW_POLICY"), "webhookUrl", url))
                    .exchange().expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/webhook-target-refused");
        }
    }

    @Test
    void aSubscriptionIsChangedOnlyFromTheVersionItsOwnerSaw() {
        Map<String, Object> created = subscribe("ivan", Map.of("name", "one", "events", List.of("TRANSFER_RECEIVED")));
        long id = ((Number) created.get("id")).longValue();
        Map<String, Object> change = Map.of("name", "two", "events", List.of("TRANSFER_DISPATCHED"),
                "webhookUrl", receiver.url("/ivan"));

        web.put().uri("/api/v1/subscriptions/{id}", id).header("X-Actor", "ivan").bodyValue(change).exchange()
                .expectStatus().isEqualTo(428);
        web.put().uri("/api/v1/subscriptions/{id}", id).header("X-Actor", "judy").header("If-Match", "\"1\"")
                .bodyValue(change).exchange().expectStatus().isNotFound();
        web.put().uri("/api/v1/subscriptions/{id}", id).header("X-Actor", "ivan").header("If-Match", "\"1\"")
                .bodyValue(change).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody().jsonPath("$.name").isEqualTo("two").jsonPath("$.webhookSecret").value(s ->
                        assertThat((String) s).startsWith("whsec_"));
        web.put().uri("/api/v1/subscriptions/{id}", id).header("X-Actor", "ivan").header("If-Match", "\"1\"")
                .bodyValue(change).exchange().expectStatus().isEqualTo(412);
        web.get().uri("/api/v1/subscriptions/{id}", id).header("X-Actor", "ivan").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.webhookSecret").doesNotExist();

        web.post().uri("/api/v1/subscriptions/{id}/secret-rotation", id).header("X-Actor", "ivan").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.webhookSecret").isNotEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM subscription_secret WHERE subscription_id = ? "
                + "AND (expires_at IS NULL OR expires_at > now())", Long.class, id)).isEqualTo(2);

        web.delete().uri("/api/v1/subscriptions/{id}", id).header("X-Actor", "judy").exchange()
                .expectStatus().isNotFound();
        web.delete().uri("/api/v1/subscriptions/{id}", id).header("X-Actor", "ivan").exchange()
                .expectStatus().isNoContent();
    }

    @Test
    void aMalformedSubscriptionIsRefusedNamingTheField() {
        web.post().uri("/api/v1/subscriptions")
                .bodyValue(Map.of("name", "x", "events", List.of("EVERYTHING"))).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.parameter").isEqualTo("events");
        web.post().uri("/api/v1/subscriptions")
                .bodyValue(Map.of("name", "x", "events", List.of("STOCK_BELOW_POLICY"), "atcPrefixes", List.of("1AB")))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.parameter").isEqualTo("atcPrefixes");
        web.post().uri("/api/v1/subscriptions")
                .bodyValue(Map.of("name", "x", "events", List.of("STOCK_BELOW_POLICY"), "products", List.of("NOPE-1")))
                .exchange().expectStatus().isEqualTo(422).expectBody().jsonPath("$.parameter").isEqualTo("products");
        web.post().uri("/api/v1/subscriptions")
                .bodyValue(Map.of("events", List.of("STOCK_BELOW_POLICY"))).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.parameter").isEqualTo("name");
    }

    @Test
    void aNameWithAControlCharacterIsRefusedNamingTheFieldInsteadOfFailing() {
        for (String name : List.of("Dallas\u0000midazolam", "Dallas\u001bmidazolam", "Dallas\nmidazolam",
                "Dallas\u202emidazolam", "Dallas\u200bmidazolam")) {
            web.post().uri("/api/v1/subscriptions")
                    .bodyValue(Map.of("name", name, "events", List.of("STOCK_BELOW_POLICY"))).exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.parameter").isEqualTo("name");
        }
    }

    /** The Standard Webhooks recipe, written here independently of the service's code. */
    private static String expectedSignature(String secret, WebhookReceiver.Received message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String signed = message.id() + "." + message.timestamp() + "." + message.body();
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Map<String, Object> subscribe(String actor, Map<String, Object> body) {
        return web.post().uri("/api/v1/subscriptions").header("X-Actor", actor).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
    }

    private Map<String, Object> get(String uri, String actor) {
        return web.get().uri(uri).header("X-Actor", actor).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
    }

    private List<JsonNode> alerts(String actor) {
        JsonNode items = json.valueToTree(get("/api/v1/alerts?limit=100", actor).get("items"));
        return items.valueStream().toList();
    }

    private JsonNode delivery(long subscription, String actor) {
        JsonNode items = json.valueToTree(get("/api/v1/subscriptions/" + subscription + "/deliveries", actor)
                .get("items"));
        return items.isEmpty() ? json.createObjectNode() : items.get(0);
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

    private long step(String token, long transfer, String step, long version, Map<String, Object> body) {
        Map<String, Object> result = web.post().uri("/api/v1/transfers/{id}/" + step, transfer)
                .header("Authorization", "Bearer " + token).header("If-Match", "\"" + version + "\"")
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        return ((Number) result.get("version")).longValue();
    }

    /** Waits until the evaluator has passed every change made so far. */
    private void waitUntilEvaluated() {
        long newest = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM change_event", Long.class);
        waitFor(() -> Boolean.TRUE.equals(jdbc.queryForObject("SELECT coalesce((SELECT position FROM change_event "
                + "WHERE id = ?) <= (SELECT position FROM alert_cursor WHERE name = 'change-feed'), false)",
                Boolean.class, newest)), "the evaluator to pass the newest change");
    }

    private static void waitFor(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
