package org.stockbridge.api.web;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.util.Optional;
import org.slf4j.MDC;
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
    /**
     * The logging-context keys of the trace and span ids: the names Micrometer Tracing writes, which Spring Boot's
     * correlation pattern and its structured formats read.
     */
    static final String TRACE_KEY = "traceId";
    static final String SPAN_KEY = "spanId";

    private static final LogScope NONE = () -> { };

    private TraceIds() {
    }

    public static Optional<String> of(ServerWebExchange exchange) {
        return context(exchange).map(TraceContext::traceId);
    }

    /**
     * Puts the request's trace and span ids into the logging context of this thread until the scope is closed, so a
     * line the service writes about the request carries them:
     * {@code try (TraceIds.LogScope ignored = TraceIds.inLogs(exchange)) { log.warn(...); }}. The service does not
     * restore the request's trace context on every signal of its reactive pipelines
     * ({@code spring.reactor.context-propagation: limited}; docs/operations.md, Traces and logs), so each line it
     * writes about a request names the trace this way. Values set before (by a caller) come back when it closes.
     */
    public static LogScope inLogs(ServerWebExchange exchange) {
        Optional<TraceContext> context = context(exchange);
        if (context.isEmpty()) {
            return NONE;
        }
        String previousTrace = MDC.get(TRACE_KEY);
        String previousSpan = MDC.get(SPAN_KEY);
        MDC.put(TRACE_KEY, context.get().traceId());
        MDC.put(SPAN_KEY, context.get().spanId());
        return () -> {
            restore(TRACE_KEY, previousTrace);
            restore(SPAN_KEY, previousSpan);
        };
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }

    private static Optional<TraceContext> context(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> context.<TracingObservationHandler.TracingContext>get(
                        TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .map(Span::context)
                .filter(trace -> trace.traceId() != null && !trace.traceId().isBlank()
                        && !trace.traceId().chars().allMatch(c -> c == '0'));
    }

    /** The request's ids in the logging context, taken out again by {@link #close()}. */
    @FunctionalInterface
    public interface LogScope extends AutoCloseable {

        @Override
        void close();
    }
}
