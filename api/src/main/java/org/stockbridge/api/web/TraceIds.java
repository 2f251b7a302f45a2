package org.stockbridge.api.web;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.util.Optional;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The trace id of a request, read from the server observation the framework keeps on the exchange (so it is found in
 * filters and entry points as well as in handlers, whichever thread runs them). It is there whether or not the trace
 * is sampled or exported: a caller can quote it, and the same id is in the request's log lines.
 */
public final class TraceIds {

    /** The member of every problem document that names the request's trace. */
    public static final String MEMBER = "traceId";

    private TraceIds() {
    }

    public static Optional<String> of(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> context.<TracingObservationHandler.TracingContext>get(
                        TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .map(Span::context)
                .map(TraceContext::traceId)
                .filter(id -> !id.isBlank() && !id.chars().allMatch(c -> c == '0'));
    }
}
