package org.stockbridge.api.alert;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.stockbridge.domain.alert.RetrySchedule;

/** The operator's settings of webhook delivery (docs/configuration.md). */
@Component
class WebhookSettings {

    private final boolean allowLoopback;
    private final Duration timeout;
    private final Duration secretGrace;
    private final RetrySchedule retries;
    private final int batch;

    WebhookSettings(@Value("${stockbridge.webhooks.allow-loopback:false}") boolean allowLoopback,
                    @Value("${stockbridge.webhooks.timeout:PT5S}") Duration timeout,
                    @Value("${stockbridge.webhooks.secret-grace:PT24H}") Duration secretGrace,
                    @Value("${stockbridge.webhooks.initial-backoff:PT5S}") Duration initialBackoff,
                    @Value("${stockbridge.webhooks.max-backoff:PT1H}") Duration maxBackoff,
                    @Value("${stockbridge.webhooks.max-attempts:12}") int maxAttempts,
                    @Value("${stockbridge.webhooks.batch:20}") int batch) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("stockbridge.webhooks.timeout must be positive");
        }
        if (secretGrace.isNegative()) {
            throw new IllegalArgumentException("stockbridge.webhooks.secret-grace must not be negative");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("stockbridge.webhooks.batch must be at least 1");
        }
        this.allowLoopback = allowLoopback;
        this.timeout = timeout;
        this.secretGrace = secretGrace;
        this.retries = new RetrySchedule(initialBackoff, maxBackoff, maxAttempts);
        this.batch = batch;
    }

    /** Whether loopback targets (and plain http to them) are allowed: tests and same-machine receivers only. */
    boolean allowLoopback() {
        return allowLoopback;
    }

    /** The connect timeout, and the time allowed for the whole answer. */
    Duration timeout() {
        return timeout;
    }

    /** How long the secret a rotation replaced still signs webhooks. */
    Duration secretGrace() {
        return secretGrace;
    }

    RetrySchedule retries() {
        return retries;
    }

    /** How many due deliveries a replica claims at once. */
    int batch() {
        return batch;
    }

    /** How long a claimed delivery stays this replica's: longer than an attempt can last. */
    Duration lease() {
        return timeout.multipliedBy(3).plusSeconds(10);
    }
}
