package org.stockbridge.api.alert;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook secrets and signatures as the Standard Webhooks specification defines them: a secret is {@code whsec_}
 * followed by the base64 of random bytes; a signature is {@code v1,} followed by the base64 of the HMAC-SHA256, keyed
 * with the secret's decoded bytes, of {@code <webhook-id>.<webhook-timestamp>.<body>}. The {@code webhook-signature}
 * header holds one signature per secret in force, separated by spaces, so that a receiver still holding the secret a
 * rotation replaced keeps verifying during the grace period.
 */
public final class WebhookSignatures {

    /** The prefix of a secret. */
    public static final String SECRET_PREFIX = "whsec_";
    private static final int SECRET_BYTES = 32;

    private WebhookSignatures() {
    }

    /** A new secret of 32 random bytes. */
    public static String newSecret(SecureRandom random) {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The signature {@code v1,<base64>} of one message with one secret. */
    public static String sign(String secret, String id, long timestampSeconds, String body) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + SECRET_PREFIX);
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The {@code webhook-signature} header value: one signature per secret, newest first, space separated. */
    public static String header(List<String> secrets, String id, long timestampSeconds, String body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a webhook is signed with at least one secret");
        }
        return secrets.stream().map(secret -> sign(secret, id, timestampSeconds, body))
                .collect(Collectors.joining(" "));
    }
}
