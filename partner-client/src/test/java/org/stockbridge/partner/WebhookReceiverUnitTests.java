package org.stockbridge.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhookReceiverUnitTests {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String OLD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<JsonNode> applied = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final WebhookReceiver receiver;

    WebhookReceiverUnitTests() throws Exception {
        receiver = new WebhookReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new WebhookVerifier(List.of(SECRET), Clock.fixed(NOW, ZoneOffset.UTC), 1000), message -> {
                    if (failing.get()) {
                        throw new IllegalStateException("the store is full");
                    }
                    applied.add(message);
                });
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void appliesASignedMessageOnceAndAcknowledgesItsRedelivery() throws Exception {
        String body = "{\"type\":\"alert.raised\",\"data\":{\"alertId\":7}}";

        assertThat(post("msg_alert_7", NOW.getEpochSecond(), body, SECRET)).isEqualTo(204);
        assertThat(post("msg_alert_7", NOW.getEpochSecond() + 30, body, SECRET)).isEqualTo(204);

        assertThat(applied).hasSize(1);
        assertThat(applied.get(0).path("data").path("alertId").asLong()).isEqualTo(7);
    }

    @Test
    void refusesAMessageSignedWithAnotherSecretOrTamperedWith() throws Exception {
        assertThat(post("msg_1", NOW.getEpochSecond(), "{}", OLD_SECRET)).isEqualTo(401);
        String signature = sign("msg_2", NOW.getEpochSecond(), "{\"a\":1}", SECRET);
        assertThat(send("msg_2", NOW.getEpochSecond(), "{\"a\":2}", signature)).isEqualTo(401);
        assertThat(applied).isEmpty();
    }

    @Test
    void refusesAMessageWhoseTimestampIsOutsideTheTolerance() throws Exception {
        assertThat(post("msg_3", NOW.getEpochSecond() - 301, "{}", SECRET)).isEqualTo(401);
        assertThat(post("msg_4", NOW.getEpochSecond() + 301, "{}", SECRET)).isEqualTo(401);
        assertThat(applied).isEmpty();
    }

    @Test
    void acceptsAnySignatureOfTheHeaderThatMatchesDuringARotation() throws Exception {
        String header = sign("msg_5", NOW.getEpochSecond(), "{}", OLD_SECRET) + " "
                + sign("msg_5", NOW.getEpochSecond(), "{}", SECRET);

        assertThat(send("msg_5", NOW.getEpochSecond(), "{}", header)).isEqualTo(204);
        assertThat(applied).hasSize(1);
    }

    @Test
    void aMessageThatFailedToApplyIsAppliedWhenDeliveredAgain() throws Exception {
        failing.set(true);
        assertThat(post("msg_6", NOW.getEpochSecond(), "{\"n\":6}", SECRET)).isEqualTo(500);
        failing.set(false);
        assertThat(post("msg_6", NOW.getEpochSecond(), "{\"n\":6}", SECRET)).isEqualTo(204);

        assertThat(applied).hasSize(1);
    }

    private int post(String id, long timestamp, String body, String secret) throws Exception {
        return send(id, timestamp, body, sign(id, timestamp, body, secret));
    }

    private int send(String id, long timestamp, String body, String signature) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/hook"))
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Signed as Stockbridge signs (the specification's recipe), to test the receiver against it. */
    private static String sign(String id, long timestamp, String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }
}
