package org.stockbridge.api.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * A rate limit per client: {@code stockbridge.security.rate-limit.requests-per-second} permits a second, counted for
 * the whole fleet when {@code stockbridge.redis.url} is set (see {@link RateLimitBuckets}); a request beyond it is
 * refused at once with 429 and a {@code Retry-After} in whole seconds.
 */
@Component
@Order(CallerWebFilter.ORDER + 10)
class RateLimitWebFilter implements WebFilter {

    private final RateLimitBuckets buckets;
    private final RateLimitBuckets.Limit limit;
    private final ProblemResponses problems;
    private final int perSecond;
    private final MeterRegistry meters;

    RateLimitWebFilter(SecuritySettings settings, RateLimitBuckets buckets, ProblemResponses problems,
                       MeterRegistry meters) {
        this.meters = meters;
        this.perSecond = settings.rateLimit().requestsPerSecond();
        this.limit = new RateLimitBuckets.Limit(perSecond, Duration.ofSeconds(1));
        this.buckets = buckets;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Caller caller = exchange.getAttribute(Callers.ATTRIBUTE);
        if (caller == null) {
            return chain.filter(exchange);
        }
        return buckets.take("rate:client:" + caller.client(), limit).flatMap(draw -> {
            if (draw.taken()) {
                return chain.filter(exchange);
            }
            // one series per client: the callers are the configured clients, a bounded set
            Counter.builder("stockbridge.ratelimit.refusals").description("Requests refused with 429, by client")
                    .tag("client", caller.client()).register(meters).increment();
            long wait = draw.secondsToWait();
            exchange.getResponse().getHeaders().set("Retry-After", Long.toString(wait));
            return problems.write(exchange, new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                    "Too many requests", caller.client() + " may make " + perSecond + " requests a second; retry "
                            + "after " + wait + " s", Map.of("retryAfterSeconds", wait)));
        });
    }
}
