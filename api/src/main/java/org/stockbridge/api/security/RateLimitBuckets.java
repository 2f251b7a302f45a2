package org.stockbridge.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The token buckets (Bucket4j) behind the rate limits. With {@code stockbridge.redis.url} set they live in Redis, so
 * every replica draws on the same count and a limit holds for the fleet; without it each replica counts in its own
 * memory (and says so at start). While Redis cannot be reached (down, partitioned, slower than
 * {@code stockbridge.redis.timeout}) a request is counted in the replica's own memory instead, and so is every request
 * of the next second: the limits fail open to per-replica ones, logged once when Redis is lost and once when it answers
 * again, rather than refuse every request.
 */
@Component
class RateLimitBuckets {

    static final long MAX_LOCAL_KEYS = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(RateLimitBuckets.class);
    private static final long RECONNECT_NANOS = Duration.ofSeconds(5).toNanos();
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    /** A request's draw on a bucket: taken, or refused with the wait until the bucket refills. */
    record Draw(boolean taken, long nanosToWait) {

        /** Whole seconds to wait, at least 1 (for {@code Retry-After}). */
        long secondsToWait() {
            return Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
        }
    }

    /** A limit: {@code permits} a {@code period}, refilled whole at the end of each period. */
    record Limit(long permits, Duration period) {

        BucketConfiguration configuration() {
            return BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(permits).refillIntervally(permits, period).build())
                    .build();
        }
    }

    private final RedisSettings settings;
    private final Cache<String, Bucket> local;
    private final RedisClient client;
    private final RedisURI uri;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile AsyncProxyManager<String> shared;
    private volatile boolean lost;
    private volatile long retryAt;
    private boolean connecting;
    private long nextAttempt;

    RateLimitBuckets(RedisSettings settings) {
        this.settings = settings;
        this.local = Caffeine.newBuilder().maximumSize(MAX_LOCAL_KEYS).expireAfterAccess(Duration.ofMinutes(2))
                .build();
        if (!settings.shared()) {
            this.client = null;
            this.uri = null;
            LOG.info("stockbridge.redis.url is not set: rate limits are counted in this replica's memory only, so "
                    + "N replicas behind a load balancer allow N times each documented limit");
            return;
        }
        this.uri = RedisURI.create(settings.url());
        this.uri.setTimeout(settings.timeout());
        this.client = RedisClient.create();
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .build());
        LOG.info("Rate limits are shared by the fleet through Redis at {}:{}", uri.getHost(), uri.getPort());
        this.nextAttempt = System.nanoTime();
        connectIfDue();
    }

    /** Takes one permit from the bucket of {@code key} under {@code limit}. */
    Mono<Draw> take(String key, Limit limit) {
        AsyncProxyManager<String> manager = settings.shared() ? connectIfDue() : null;
        if (manager == null || (lost && System.nanoTime() - retryAt < 0)) {
            return Mono.fromSupplier(() -> takeLocally(key, limit));
        }
        String sharedKey = settings.keyPrefix() + key;
        BucketConfiguration configuration = limit.configuration();
        return Mono.fromFuture(() -> manager.builder()
                        .build(sharedKey, () -> CompletableFuture.completedFuture(configuration))
                        .tryConsumeAndReturnRemaining(1))
                .timeout(settings.timeout())
                // Lettuce completes on its own I/O threads: the rest of the request must not run there
                .publishOn(Schedulers.parallel())
                .map(probe -> {
                    answered();
                    return draw(probe);
                })
                .onErrorResume(e -> {
                    unreachable(e);
                    return Mono.fromSupplier(() -> takeLocally(key, limit));
                });
    }

    /** Whether the buckets are in Redis now (connected at least once, and not lost since). */
    boolean isShared() {
        return shared != null && !lost;
    }

    private Draw takeLocally(String key, Limit limit) {
        Bucket bucket = local.get(key + "@" + limit.permits() + "/" + limit.period(),
                k -> Bucket.builder().addLimit(limit.configuration().getBandwidths()[0]).build());
        return draw(bucket.tryConsumeAndReturnRemaining(1));
    }

    private static Draw draw(ConsumptionProbe probe) {
        return new Draw(probe.isConsumed(), probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill());
    }

    /** The shared buckets once connected; starts a connection (without waiting for it) when one is due. */
    private AsyncProxyManager<String> connectIfDue() {
        AsyncProxyManager<String> manager = shared;
        if (manager != null) {
            return manager;
        }
        synchronized (this) {
            long now = System.nanoTime();
            if (connecting || now - nextAttempt < 0) {
                return null;
            }
            connecting = true;
            nextAttempt = now + RECONNECT_NANOS;
        }
        client.connectAsync(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri)
                .whenComplete((opened, failure) -> {
                    synchronized (this) {
                        connecting = false;
                    }
                    if (failure != null) {
                        unreachable(failure);
                        return;
                    }
                    connection = opened;
                    shared = Bucket4jLettuce.casBasedBuilder(opened)
                            .expirationAfterWrite(ExpirationAfterWriteStrategy
                                    .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                            .build()
                            .asAsync();
                    answered();
                });
        return null;
    }

    private void answered() {
        if (lost) {
            lost = false;
            LOG.info("Redis at {}:{} answers again: rate limits are shared by the fleet again", uri.getHost(),
                    uri.getPort());
        }
    }

    /** Counts locally for a second before Redis is tried again, so that a hanging Redis does not slow every request. */
    private void unreachable(Throwable failure) {
        retryAt = System.nanoTime() + RETRY_NANOS;
        if (!lost) {
            lost = true;
            LOG.warn("Redis at {}:{} cannot be reached ({}): rate limits are counted in this replica's memory until "
                    + "it answers again", uri.getHost(), uri.getPort(), failure.toString());
        }
    }

    @PreDestroy
    void close() {
        StatefulRedisConnection<String, byte[]> opened = connection;
        if (opened != null) {
            opened.closeAsync();
        }
        if (client != null) {
            client.shutdownAsync();
        }
    }
}
