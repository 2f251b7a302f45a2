package org.stockbridge.api.security;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import java.time.Duration;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
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
 * A client (token subject) may hold at most {@code stockbridge.security.change-streams.per-client} (default 5) change
 * streams ({@code GET /api/v1/changes/stream}) and long polls ({@code GET /api/v1/changes?wait=N}, N not 0) open at
 * once, counted together, with a resilience4j {@link Bulkhead} per client. One more is refused at once with 429
 * {@code too-many-streams}, {@code maxStreams} and a {@code Retry-After} of {@value #RETRY_AFTER_SECONDS} s (the longest
 * a long poll is held, so by then a poll has ended). A place is given back when its answer ends, fails, or the client
 * goes away (the server cancels the answer's pipeline).
 *
 * <p>The count is per process: behind several instances a client may hold this many on each. Making it fleet-wide
 * needs a shared count (a later change).
 */
@Component
@Order(CallerWebFilter.ORDER + 20)
class ChangeStreamLimitWebFilter implements WebFilter {

    static final long RETRY_AFTER_SECONDS = 30;
    private static final String CHANGES = "/api/v1/changes";
    private static final String STREAM = "/api/v1/changes/stream";

    private final BulkheadRegistry bulkheads;
    private final ProblemResponses problems;
    private final int perClient;

    ChangeStreamLimitWebFilter(SecuritySettings settings, ProblemResponses problems) {
        this.perClient = settings.changeStreams().perClient();
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(perClient)
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Caller caller = exchange.getAttribute(Callers.ATTRIBUTE);
        if (caller == null || !heldOpen(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        Bulkhead bulkhead = bulkheads.bulkhead(caller.client());
        if (!bulkhead.tryAcquirePermission()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
            return problems.write(exchange, new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams",
                    "Too many open change streams", caller.client() + " may hold " + perClient + " change streams "
                    + "and long polls open at once; close one, or retry after " + RETRY_AFTER_SECONDS + " s",
                    Map.of("maxStreams", perClient, "retryAfterSeconds", RETRY_AFTER_SECONDS)));
        }
        return chain.filter(exchange).doFinally(signal -> bulkhead.onComplete());
    }

    /** A change stream, or a page of changes that may be held (a long poll). */
    private static boolean heldOpen(ServerHttpRequest request) {
        if (!HttpMethod.GET.equals(request.getMethod())) {
            return false;
        }
        String path = request.getPath().pathWithinApplication().value();
        if (STREAM.equals(path)) {
            return true;
        }
        String wait = request.getQueryParams().getFirst("wait");
        return CHANGES.equals(path) && wait != null && !wait.isBlank() && !wait.trim().equals("0");
    }
}
