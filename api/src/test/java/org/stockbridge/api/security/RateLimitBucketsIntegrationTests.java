package org.stockbridge.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.stockbridge.api.RedisAvailable;

/**
 * The buckets of two replicas (two {@link RateLimitBuckets}, each with its own memory) reaching one Redis through a
 * relay that the test cuts: shared while Redis answers, each replica's own count while it does not, shared again when
 * it answers again.
 */
@RedisAvailable
class RateLimitBucketsIntegrationTests {

    private static final RateLimitBuckets.Limit THREE_AN_HOUR = new RateLimitBuckets.Limit(3, Duration.ofHours(1));

    @Test
    void replicas_share_one_count_fail_open_to_their_own_while_redis_is_lost_and_share_again_when_it_returns()
            throws Exception {
        String prefix = "stockbridge-test-" + UUID.randomUUID() + ":";
        try (TcpProxy relay = new TcpProxy(new InetSocketAddress("127.0.0.1", 6379))) {
            RedisSettings settings = new RedisSettings("redis://127.0.0.1:" + relay.port(), prefix,
                    Duration.ofMillis(500));
            RateLimitBuckets first = new RateLimitBuckets(settings);
            RateLimitBuckets second = new RateLimitBuckets(settings);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> first.isShared() && second.isShared());

                assertThat(takes(first, "client:a", 2)).containsExactly(true, true);
                assertThat(takes(second, "client:a", 2)).containsExactly(true, false);

                relay.cut();
                // Redis is gone: every request is still answered, and each replica keeps its own count of 3
                assertThat(takes(first, "client:b", 4)).containsExactly(true, true, true, false);
                assertThat(takes(second, "client:b", 4)).containsExactly(true, true, true, false);

                relay.open();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !take(second, "client:a"));
                // the first replica tries Redis again a second after its last failure
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    take(first, "client:probe");
                    return first.isShared();
                });
                assertThat(takes(first, "client:a", 1)).containsExactly(false);
            } finally {
                first.close();
                second.close();
            }
        }
    }

    private static List<Boolean> takes(RateLimitBuckets buckets, String key, int count) {
        return IntStream.range(0, count).mapToObj(i -> take(buckets, key)).toList();
    }

    private static boolean take(RateLimitBuckets buckets, String key) {
        return buckets.take(key, THREE_AN_HOUR).block(Duration.ofSeconds(10)).taken();
    }
}
