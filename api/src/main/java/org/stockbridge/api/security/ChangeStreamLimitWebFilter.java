package org.stockbridge.api.security;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import java.time.Duration;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.HeldOpen;
import org.stockbridge.api.web.ProblemResponses;
import org.stockbridge.api.web.RoutedHandler;
import reactor.core.publisher.Mono;

/**
 * A client (token subject) may hold at most {@code stockbridge.security.change-streams.per-client} (default 5) answers
 * held open at once, the change stream and long polls of the change feed counted together, with a resilience4j
 * {@link Bulkhead} per client. What is held open is declared by the endpoint ({@link HeldOpen}) and read from the
 * handler the router chose for the request ({@link EndpointAuthorizationManager}), so a percent-encoded path or a
 * {@code HEAD} is counted like a plain {@code GET}. One more is refused at once with 429
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
        if (caller == null || !heldOpen(exchange)) {
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

    /** Whether the routed handler holds this request's answer open (a stream, or a long poll that waits). */
    private static boolean heldOpen(ServerWebExchange exchange) {
        HeldOpen held = RoutedHandler.method(exchange).map(method -> method.getMethodAnnotation(HeldOpen.class))
                .orElse(null);
        if (held == null) {
            return false;
        }
        if (held.whenParameter().isEmpty()) {
            return true;
        }
        String value = exchange.getRequest().getQueryParams().getFirst(held.whenParameter());
        return value != null && !value.isBlank() && !value.trim().matches("0+");
    }
}
