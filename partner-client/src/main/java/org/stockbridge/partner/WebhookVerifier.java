package org.stockbridge.partner;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook from Stockbridge as the Standard Webhooks specification says: the {@code webhook-signature} header
 * must hold a {@code v1} signature, by one of the secrets given, of {@code id.timestamp.body}; the timestamp must be
 * within {@link #TOLERANCE} of this clock (an old message replayed is refused); a {@code webhook-id} already applied
 * ({@link #applied}) is recognised as a duplicate (Stockbridge delivers at least once), among the last
 * {@code remembered} ids.
 */
public final class WebhookVerifier {

    /** How far a message's timestamp may be from this clock. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** A message that is not Stockbridge's, or not now. */
    public static final class Rejected extends Exception {
        Rejected(String message) {
            super(message);
        }
    }

    /** A verified message, and whether it was already applied. */
    public record Verified(String id, long timestamp, boolean duplicate) {
    }

    private final List<byte[]> keys = new ArrayList<>();
    private final Clock clock;
    private final Map<String, Boolean> seen;

    /** @param secrets the subscription's secrets ({@code whsec_...}), the current one and any in its grace period */
    public WebhookVerifier(List<String> secrets, Clock clock, int remembered) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook secret is needed");
        }
        for (String secret : secrets) {
            if (!secret.startsWith("whsec_")) {
                throw new IllegalArgumentException("a webhook secret starts with whsec_");
            }
            keys.add(Base64.getDecoder().decode(secret.substring("whsec_".length())));
        }
        this.clock = clock;
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > remembered;
            }
        };
    }

    /**
     * Verifies one message.
     *
     * @param id        the {@code webhook-id} header
     * @param timestamp the {@code webhook-timestamp} header
     * @param signature the {@code webhook-signature} header
     * @param body      the body exactly as received
     */
    public Verified verify(String id, String timestamp, String signature, byte[] body) throws Rejected {
        if (id == null || id.isBlank() || timestamp == null || signature == null) {
            throw new Rejected("webhook-id, webhook-timestamp and webhook-signature are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new Rejected("webhook-timestamp is not a number of seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - seconds) > TOLERANCE.toSeconds()) {
            throw new Rejected("webhook-timestamp is more than " + TOLERANCE.toMinutes() + " minutes from now");
        }
        byte[] signed = concat((id + "." + seconds + ".").getBytes(StandardCharsets.UTF_8), body);
        boolean valid = false;
        for (byte[] key : keys) {
            byte[] expected = ("v1," + Base64.getEncoder().encodeToString(hmac(key, signed)))
                    .getBytes(StandardCharsets.UTF_8);
            for (String candidate : signature.trim().split(" +")) {
                valid |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!valid) {
            throw new Rejected("no webhook-signature matches a secret of this receiver");
        }
        synchronized (seen) {
            return new Verified(id, seconds, seen.containsKey(id));
        }
    }

    /** Remembers a message as applied: a later delivery of its id is a duplicate. */
    public void applied(String id) {
        synchronized (seen) {
            seen.put(id, Boolean.TRUE);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
