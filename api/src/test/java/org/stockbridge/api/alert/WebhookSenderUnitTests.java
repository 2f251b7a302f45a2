package org.stockbridge.api.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
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

    private static WebhookSender sender(boolean allowLoopback) {
        WebhookSettings settings = new WebhookSettings(allowLoopback, Duration.ofSeconds(5), Duration.ofHours(1),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 3, 5);
        return new WebhookSender(new WebhookTargetCheck(settings), settings);
    }
}
