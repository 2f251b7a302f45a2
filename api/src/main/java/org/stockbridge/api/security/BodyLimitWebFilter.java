package org.stockbridge.api.security;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.stockbridge.api.web.ProblemResponses;
import reactor.core.publisher.Mono;

/**
 * Refuses a request whose declared body ({@code Content-Length}) is larger than its limit (413) before anything reads
 * it: multipart uploads of data files may be up to {@code max-upload}, every other body up to {@code max-body}
 * ({@link BodyLimits}). It runs once the caller is known (after the token check and the rate limit), so a refusal is
 * audited under its client, and a request without a valid token is refused for that first. A body without a declared
 * length is counted as it is read and refused the moment it passes the limit ({@link CountedBodies}).
 */
@Component
@Order(CallerWebFilter.ORDER + 15)
class BodyLimitWebFilter implements WebFilter {

    private final BodyLimits limits;
    private final ProblemResponses problems;

    BodyLimitWebFilter(SecuritySettings settings, ProblemResponses problems) {
        this.limits = BodyLimits.of(settings);
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        long limit = limits.limitFor(exchange.getRequest().getHeaders());
        if (length > limit) {
            return problems.write(exchange, BodyLimits.tooLarge(limit, "the body is " + length + " bytes; at most "
                    + limit + " are accepted here"));
        }
        return chain.filter(exchange);
    }
}
