package org.stockbridge.api.audit;

import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.stockbridge.api.web.Caller;
import org.stockbridge.api.web.Callers;
import org.stockbridge.api.web.TraceIds;
import reactor.core.publisher.Mono;

/**
 * Records every state-changing request (POST, PUT, PATCH, DELETE) in the audit log as its response is committed,
 * unless the change already recorded itself in its own transaction: refusals (401, 403, 404, 409, 413, 422, 429 ...),
 * failures, and replays of a stored Idempotency-Key response. The response waits for its audit row. Refusals (4xx) of
 * requests for which no caller was established (no token, a bad one, an address refused too often for that, or a
 * refusal before any token was checked) are summarised per remote address and status instead of written one by one
 * ({@link RefusalSummaries}); refusals of callers with a valid token keep a row each.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditWebFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditWebFilter.class);

    private final AuditTrail trail;
    private final RefusalSummaries summaries;

    AuditWebFilter(AuditTrail trail, RefusalSummaries summaries) {
        this.trail = trail;
        this.summaries = summaries;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
            return chain.filter(exchange);
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        AuditTrail.RequestRecord request = new AuditTrail.RequestRecord(method.name(),
                exchange.getRequest().getPath().value(), exchange.getRequest().getURI().getRawQuery(),
                exchange.getRequest().getHeaders().getFirst("Idempotency-Key"),
                remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress(),
                exchange.getRequest().getHeaders().getFirst(Callers.ACTOR_HEADER));
        exchange.getResponse().beforeCommit(() -> Mono.defer(() -> {
            if (request.recorded.get()) {
                return Mono.empty();
            }
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            int code = status == null ? 200 : status.value();
            boolean replayed = "true".equals(exchange.getResponse().getHeaders().getFirst("Idempotent-Replayed"));
            String outcome = replayed ? "REPLAYED" : code >= 500 ? "FAILED" : code >= 400 ? "REFUSED" : "APPLIED";
            Caller caller = exchange.getAttribute(Callers.ATTRIBUTE);
            String refused = exchange.getAttribute(Callers.UNAUTHORISED_CLIENT);
            if (caller == null && refused != null) {
                caller = new Caller(refused, java.util.Set.of(), null, null);
            }
            Mono<Void> row = caller == null && code >= 400 && code < 500 ? summaries.refused(request, code)
                    : trail.insert(request, caller, code, outcome, null, null, null);
            return row
                    .doOnSuccess(done -> request.recorded.set(true))
                    .onErrorResume(e -> {
                        try (TraceIds.LogScope ignored = TraceIds.inLogs(exchange)) {
                            log.error("could not write the audit row of {} {} ({})", request.method, request.path,
                                    code, e);
                        }
                        return Mono.empty();
                    });
        }));
        return chain.filter(exchange).contextWrite(context -> context.put(AuditTrail.RequestRecord.KEY, request));
    }
}
