package org.stockbridge.api.security;

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
 * {@code stockbridge.security.unauthenticated.refusals-per-minute} (default 60) such refusals a minute (a token bucket per
 * address, see {@link RateLimitBuckets}) are answered 401 as usual; beyond, the request is answered 429 {@code rate-limited}
 * with a {@code Retry-After} in whole seconds. Either refusal is summarised in the audit log rather than written one
 * by one (see {@code org.stockbridge.api.audit.RefusalSummaries}).
 *
 * <p>The address is the connection's remote address: behind a reverse proxy, have the server take the client's address
 * from the forwarded headers ({@code server.forward-headers-strategy}), or every caller shares the proxy's. The
 * count is shared by the fleet when {@code stockbridge.redis.url} is set, and kept in each replica's memory otherwise.
 */
@Component
class UnauthenticatedRateLimit {

    private final RateLimitBuckets buckets;
    private final RateLimitBuckets.Limit limit;
    private final ProblemResponses problems;
    private final int perMinute;

    UnauthenticatedRateLimit(SecuritySettings settings, RateLimitBuckets buckets, ProblemResponses problems) {
        this.perMinute = settings.unauthenticated().refusalsPerMinute();
        this.limit = new RateLimitBuckets.Limit(perMinute, Duration.ofMinutes(1));
        this.buckets = buckets;
        this.problems = problems;
    }

    /** Answers with the 401 given, or with 429 when the request's address has had its refusals for this minute. */
    Mono<Void> refuse(ServerWebExchange exchange, ApiException unauthorized) {
        String address = address(exchange.getRequest().getRemoteAddress());
        return buckets.take("rate:unauthenticated:" + address, limit).flatMap(draw -> {
            if (draw.taken()) {
                return problems.write(exchange, unauthorized);
            }
            long wait = draw.secondsToWait();
            exchange.getResponse().getHeaders().remove(HttpHeaders.WWW_AUTHENTICATE);
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(wait));
            return problems.write(exchange, new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                    "Too many requests", "requests from " + address + " were refused " + perMinute + " times this "
                            + "minute for want of a valid bearer token; retry after " + wait + " s",
                    Map.of("retryAfterSeconds", wait)));
        });
    }

    private static String address(InetSocketAddress remote) {
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }
}
