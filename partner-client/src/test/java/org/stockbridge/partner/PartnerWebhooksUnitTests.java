package org.stockbridge.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The program's webhook receiver, started from its settings as the program starts it: it verifies a signed message
 * and stores it, refuses a bad signature, and does not apply again a message redelivered after a restart.
 */
class PartnerWebhooksUnitTests {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32});
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final String BODY = "{\"type\":\"alert.raised\",\"timestamp\":\"2026-12-06T11:59:58Z\",\"data\":"
            + "{\"alertId\":41,\"event\":\"STOCK_BELOW_POLICY\",\"condition\":\"SNS-R01/NDC-23155-601\"}}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void the_receiver_the_settings_ask_for_stores_a_signed_message_and_refuses_a_bad_signature(@TempDir Path store)
            throws Exception {
        PartnerSettings settings = PartnerSettings.of(new String[] {"--store", store.toString(), "--token", "t",
                "--webhook-port", "0"}, Map.of(PartnerSettings.WEBHOOK_SECRET_VARIABLE, SECRET));

        try (WebhookReceiver receiver = PartnerClient.webhooks(settings.webhooks(), settings.store(), clock())) {
            assertThat(post(receiver, "msg_alert_41", BODY, sign("msg_alert_41", BODY, SECRET))).isEqualTo(204);
            assertThat(post(receiver, "msg_alert_42", BODY, sign("msg_alert_42", BODY, "whsec_"
                    + Base64.getEncoder().encodeToString(new byte[32])))).isEqualTo(401);
            assertThat(post(receiver, "msg_alert_43", BODY.replace("41", "43"), sign("msg_alert_43", BODY, SECRET)))
                    .isEqualTo(401);
        }

        List<String> lines = Files.readAllLines(store.resolve(WebhookLog.FILE));
        assertThat(lines).hasSize(1);
        JsonNode stored = json.readTree(lines.get(0));
        assertThat(stored.path("id").asString()).isEqualTo("msg_alert_41");
        assertThat(stored.path("receivedAt").asString()).isEqualTo(NOW.toString());
        assertThat(stored.path("message").path("data").path("condition").asString())
                .isEqualTo("SNS-R01/NDC-23155-601");
    }

    @Test
    void a_message_applied_before_a_restart_is_acknowledged_but_not_applied_again(@TempDir Path store)
            throws Exception {
        PartnerSettings.Webhooks settings = new PartnerSettings.Webhooks(0, List.of(SECRET));
        try (WebhookReceiver receiver = PartnerClient.webhooks(settings, store, clock())) {
            assertThat(post(receiver, "msg_alert_41", BODY, sign("msg_alert_41", BODY, SECRET))).isEqualTo(204);
        }

        try (WebhookReceiver restarted = PartnerClient.webhooks(settings, store, clock())) {
            assertThat(post(restarted, "msg_alert_41", BODY, sign("msg_alert_41", BODY, SECRET))).isEqualTo(204);
            assertThat(post(restarted, "msg_alert_44", BODY, sign("msg_alert_44", BODY, SECRET))).isEqualTo(204);
        }

        assertThat(Files.readAllLines(store.resolve(WebhookLog.FILE))).extracting(line -> json.readTree(line)
                .path("id").asString()).containsExactly("msg_alert_41", "msg_alert_44");
    }

    @Test
    void a_webhook_port_without_a_secret_or_with_a_malformed_one_is_refused_naming_the_variable() {
        String[] args = {"--store", "s", "--token", "t", "--webhook-port", "8443"};

        assertThatThrownBy(() -> PartnerSettings.of(args, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STOCKBRIDGE_PARTNER_WEBHOOK_SECRET");
        assertThatThrownBy(() -> PartnerSettings.of(args, Map.of(PartnerSettings.WEBHOOK_SECRET_VARIABLE, "hunter2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whsec_");
        assertThatThrownBy(() -> PartnerSettings.of(new String[] {"--store", "s", "--token", "t", "--webhook-port",
                "http"}, Map.of(PartnerSettings.WEBHOOK_SECRET_VARIABLE, SECRET)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webhook port");
    }

    @Test
    void the_webhook_secrets_are_read_from_the_environment_during_a_rotation_and_never_printed() {
        String old = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        PartnerSettings settings = PartnerSettings.of(new String[] {"--store", "s", "--token", "t"},
                Map.of("STOCKBRIDGE_PARTNER_WEBHOOK_PORT", "8443", PartnerSettings.WEBHOOK_SECRET_VARIABLE,
                        old + ", " + SECRET));

        assertThat(settings.webhooks().port()).isEqualTo(8443);
        assertThat(settings.webhooks().secrets()).containsExactly(old, SECRET);
        assertThat(settings.toString()).doesNotContain(SECRET.substring(6), old.substring(6));
    }

    private static Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    private int post(WebhookReceiver receiver, String id, String body, String signature) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/webhooks"))
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(NOW.getEpochSecond()))
                .header("webhook-signature", signature).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The Standard Webhooks signature, written here independently of the client's code. */
    private static String sign(String id, String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + NOW.getEpochSecond() + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
    }
}
