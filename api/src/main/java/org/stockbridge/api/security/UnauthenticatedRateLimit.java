package org.stockbridge.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.ProblemResponses;
import reactor.core.publisher.Mono;

/**
 * Limits how often one remote address is refused for want of a valid token (no token, or a bad one): up to
 * {@code stockbridge.security.unauthenticated.refusals-per-minute} (default 60) such refusals a minute (a resilience4j
 * {@link RateLimiter} per address) are answered 401 as usual; beyond, the request is answered 429 {@code rate-limited}
 * with a {@code Retry-After} in whole seconds. Either refusal is summarised in the audit log rather than written one
 * by one (see {@code org.stockbridge.api.audit.RefusalSummaries}).
 *
 * <p>The address is the connection's remote address: behind a reverse proxy, have the server take the client's address
 * from the forwarded headers ({@code server.forward-headers-strategy}), or every caller shares the proxy's. The
 * limiters of at most {@value #MAX_ADDRESSES} addresses are kept, each for two minutes after its last refusal. The
 * limit is per process; a fleet-wide one needs a shared count (a later change).
 */
@Component
class UnauthenticatedRateLimit {

    static final long MAX_ADDRESSES = 50_000;

    private final Cache<String, RateLimiter> limiters;
    private final RateLimiterConfig config;
    private final ProblemResponses problems;
    private final int perMinute;

    UnauthenticatedRateLimit(SecuritySettings settings, ProblemResponses problems) {
        this.perMinute = settings.unauthenticated().refusalsPerMinute();
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(perMinute)
                .limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ZERO)
                .build();
        this.limiters = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES).expireAfterAccess(Duration.ofMinutes(2))
                .build();
        this.problems = problems;
    }

    /** Answers with the 401 given, or with 429 when the request's address has had its refusals for this minute. */
    Mono<Void> refuse(ServerWebExchange exchange, ApiException unauthorized) {
        String address = address(exchange.getRequest().getRemoteAddress());
        RateLimiter limiter = limiters.get(address, key -> RateLimiter.of(key, config));
        if (limiter.acquirePermission()) {
            return problems.write(exchange, unauthorized);
        }
        long wait = RateLimitWebFilter.secondsToWait(limiter);
        exchange.getResponse().getHeaders().remove(HttpHeaders.WWW_AUTHENTICATE);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(wait));
        return problems.write(exchange, new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "Too many requests", "requests from " + address + " were refused " + perMinute + " times this minute "
                        + "for want of a valid bearer token; retry after " + wait + " s",
                Map.of("retryAfterSeconds", wait)));
    }

    private static String address(InetSocketAddress remote) {
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }
}
