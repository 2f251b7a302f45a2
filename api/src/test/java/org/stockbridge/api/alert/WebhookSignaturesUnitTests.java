package org.stockbridge.api.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignaturesUnitTests {

    /** The example of the Standard Webhooks specification's reference libraries. */
    @Test
    void signsTheSpecificationsExampleAsItsReferenceLibrariesDo() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        long timestamp = 1614265330;
        String body = "{\"test\": 2432232314}";

        assertThat(WebhookSignatures.sign(secret, id, timestamp, body))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void signsWithEverySecretInForceNewestFirst() {
        String newer = WebhookSignatures.newSecret(new SecureRandom());
        String older = WebhookSignatures.newSecret(new SecureRandom());

        String header = WebhookSignatures.header(List.of(newer, older), "msg_1", 10, "{}");

        assertThat(header.split(" ")).containsExactly(WebhookSignatures.sign(newer, "msg_1", 10, "{}"),
                WebhookSignatures.sign(older, "msg_1", 10, "{}"));
        assertThat(WebhookSignatures.sign(newer, "msg_1", 10, "{}"))
                .isNotEqualTo(WebhookSignatures.sign(newer, "msg_1", 11, "{}"));
    }

    @Test
    void aNewSecretHoldsThirtyTwoRandomBytes() {
        String secret = WebhookSignatures.newSecret(new SecureRandom());

        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSignatures.newSecret(new SecureRandom())).isNotEqualTo(secret);
    }

    @Test
    void refusesASecretWithoutItsPrefix() {
        assertThatThrownBy(() -> WebhookSignatures.sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
