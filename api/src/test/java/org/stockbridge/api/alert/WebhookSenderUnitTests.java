package org.stockbridge.api.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSenderUnitTests {

    private final WebhookReceiver receiver;
    private final String secret = WebhookSignatures.newSecret(new SecureRandom());

    WebhookSenderUnitTests() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void refusesAtDeliveryANameThatResolvesToARefusedAddress() {
        WebhookSender sender = sender(false);

        WebhookSender.Outcome outcome = sender.send("https://localhost:9/hook", List.of(secret), "msg_1", "{}")
                .block(Duration.ofSeconds(30));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.error()).startsWith("target refused").contains("loopback");
    }

    @Test
    void doesNotFollowARedirect() {
        receiver.answer("/moved", 307);
        WebhookSender sender = sender(true);

        WebhookSender.Outcome outcome = sender.send(receiver.url("/moved"), List.of(secret), "msg_2", "{}")
                .block(Duration.ofSeconds(30));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.status()).isEqualTo(307);
        assertThat(outcome.error()).isEqualTo("redirect not followed");
        assertThat(receiver.received("/moved")).hasSize(1);
    }

    @Test
    void keepsOnlyAShortExcerptOfTheAnswer() {
        receiver.answer("/ok", 200);
        WebhookSender sender = sender(true);

        WebhookSender.Outcome outcome = sender.send(receiver.url("/ok"), List.of(secret), "msg_3", "{\"a\":1}")
                .block(Duration.ofSeconds(30));

        assertThat(outcome.delivered()).isTrue();
        assertThat(outcome.excerpt()).isEqualTo("answered 200");
        assertThat(receiver.received("/ok").get(0).signature())
                .isEqualTo(WebhookSignatures.sign(secret, "msg_3", Long.parseLong(receiver.received("/ok").get(0)
                        .timestamp()), "{\"a\":1}"));
    }

    @Test
    void refusesAtConnectTimeANameThatRebindsToTheMetadataAddressAfterItWasChecked() throws Exception {
        InetAddress publicAddress = InetAddress.getByAddress("rebind.example", new byte[] {93, (byte) 184, 0, 7});
        InetAddress metadata = InetAddress.getByAddress("rebind.example", new byte[] {(byte) 169, (byte) 254,
                (byte) 169, (byte) 254});
        AtomicInteger lookups = new AtomicInteger();
        WebhookNameLookup rebinding = host -> List.of(lookups.getAndIncrement() == 0 ? publicAddress : metadata);
        WebhookSettings settings = settings(false);
        WebhookTargetCheck targets = new WebhookTargetCheck(settings, rebinding);
        assertThat(targets.checked("https://rebind.example/hook").block(Duration.ofSeconds(30))).isNotNull();

        WebhookSender.Outcome outcome = new WebhookSender(targets, settings)
                .send("https://rebind.example/hook", List.of(secret), "msg_4", "{}").block(Duration.ofSeconds(30));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.status()).isNull();
        assertThat(outcome.error()).isEqualTo("target refused: rebind.example resolved to 169.254.169.254 is a "
                + "link-local address (cloud metadata lives there)");
        assertThat(lookups).hasValue(2);
    }

    @Test
    void refusesAtConnectTimeANameWithOnePrivateAddressAmongPublicOnes() throws Exception {
        List<InetAddress> mixed = List.of(InetAddress.getByAddress("mixed.example", new byte[] {93, (byte) 184, 0, 8}),
                InetAddress.getByAddress("mixed.example", new byte[] {10, 0, 0, 5}));
        WebhookSettings settings = settings(false);
        WebhookSender sender = new WebhookSender(new WebhookTargetCheck(settings, host -> mixed), settings);

        WebhookSender.Outcome outcome = sender.send("https://mixed.example/hook", List.of(secret), "msg_5", "{}")
                .block(Duration.ofSeconds(30));

        assertThat(outcome.error()).isEqualTo("target refused: mixed.example resolved to 10.0.0.5 is a private address");
    }

    @Test
    void refusesAtConnectTimeAnAddressLiteralTheRuleRefuses() {
        WebhookSender sender = sender(true);

        WebhookSender.Outcome outcome = sender.send("https://[::ffff:169.254.169.254]/latest", List.of(secret),
                "msg_6", "{}").block(Duration.ofSeconds(30));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.error()).startsWith("target refused:").contains("169.254.169.254").contains("link-local");
    }

    @Test
    void connectsToANameThatResolvesToAnAllowedAddressKeepingTheNameInTheHostHeader() {
        receiver.answer("/named", 200);
        WebhookSettings settings = settings(true);
        WebhookNameLookup lookup = host -> List.of(InetAddress.getLoopbackAddress());
        WebhookSender sender = new WebhookSender(new WebhookTargetCheck(settings, lookup), settings);
        String url = receiver.url("/named").replace("127.0.0.1", "localhost");

        WebhookSender.Outcome outcome = sender.send(url, List.of(secret), "msg_7", "{}").block(Duration.ofSeconds(30));

        assertThat(outcome.delivered()).isTrue();
        assertThat(receiver.received("/named").get(0).host()).startsWith("localhost:");
    }

    private static WebhookSettings settings(boolean allowLoopback) {
        return new WebhookSettings(allowLoopback, Duration.ofSeconds(5), Duration.ofHours(1),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 3, 5);
    }

    private static WebhookSender sender(boolean allowLoopback) {
        WebhookSettings settings = settings(allowLoopback);
        return new WebhookSender(new WebhookTargetCheck(settings, new SystemNameLookup()), settings);
    }
}
