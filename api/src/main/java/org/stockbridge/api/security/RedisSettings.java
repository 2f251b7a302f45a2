package org.stockbridge.api.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Redis server that replicas share their rate-limit counts through ({@code stockbridge.redis.*}).
 *
 * @param url       e.g. {@code redis://redis.internal:6379/0} or {@code rediss://:password@host:6380}; unset, every
 *                  replica counts in its own memory, so N replicas allow N times each limit
 * @param keyPrefix what every key Stockbridge writes starts with, so that deployments can share a server; default
 *                  {@code stockbridge:}
 * @param timeout   how long a request waits for Redis before it is counted in the replica's own memory instead;
 *                  default 250 ms
 */
@ConfigurationProperties("stockbridge.redis")
public record RedisSettings(String url, String keyPrefix, Duration timeout) {

    public RedisSettings {
        url = url == null || url.isBlank() ? null : url.trim();
        keyPrefix = keyPrefix == null ? "stockbridge:" : keyPrefix;
        timeout = timeout == null ? Duration.ofMillis(250) : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("stockbridge.redis.timeout must be positive, was " + timeout);
        }
    }

    boolean shared() {
        return url != null;
    }
}
