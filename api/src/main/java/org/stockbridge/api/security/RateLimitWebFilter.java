package org.stockbridge.api.security;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.ProblemResponses;
import reactor.core.publisher.Mono;

/**
 * A rate limit per client (resilience4j): {@code stockbridge.security.rate-limit.requests-per-second} permits a
 * second; a request beyond it is refused at once with 429 and a {@code Retry-After} in whole seconds.
 */
@Component
@Order(CallerWebFilter.ORDER + 10)
class RateLimitWebFilter implements WebFilter {

    private final RateLimiterRegistry limiters;
    private final ProblemResponses problems;
    private final int perSecond;

    RateLimitWebFilter(SecuritySettings settings, ProblemResponses problems) {
        this.perSecond = settings.rateLimit().requestsPerSecond();
        this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(perSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Caller caller = exchange.getAttribute(Callers.ATTRIBUTE);
        if (caller == null) {
            return chain.filter(exchange);
        }
        RateLimiter limiter = limiters.rateLimiter(caller.client());
        if (limiter.acquirePermission()) {
            return chain.filter(exchange);
        }
        long wait = secondsToWait(limiter);
        exchange.getResponse().getHeaders().set("Retry-After", Long.toString(wait));
        return problems.write(exchange, new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "Too many requests", caller.client() + " may make " + perSecond + " requests a second; retry after "
                        + wait + " s", Map.of("retryAfterSeconds", wait)));
    }

    /** Whole seconds until the limiter has a permission again, at least 1 (for {@code Retry-After}). */
    static long secondsToWait(RateLimiter limiter) {
        long nanos = limiter instanceof AtomicRateLimiter atomic ? atomic.getDetailedMetrics().getNanosToWait()
                : 1_000_000_000L;
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
