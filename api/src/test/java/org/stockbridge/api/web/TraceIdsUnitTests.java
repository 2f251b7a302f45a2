package org.stockbridge.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/**
 * The lines the service writes about a request name its trace: {@link TraceIds#inLogs} puts the trace and span ids
 * of the request's server span (sampled or not) into the logging context, where the log pattern and the structured
 * formats read them, and takes them out again.
 */
class TraceIdsUnitTests {

    private final SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build();
    private final OtelTracer tracer = new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> { });

    @AfterEach
    void closeTheTracer() {
        provider.close();
        MDC.clear();
    }

    @Test
    void a_line_written_in_the_scope_names_the_trace_and_span_of_the_request() {
        Span span = tracer.nextSpan().start();
        MockServerWebExchange exchange = tracedExchange(span);

        try (TraceIds.LogScope ignored = TraceIds.inLogs(exchange)) {
            assertThat(MDC.get("traceId")).isEqualTo(span.context().traceId()).matches("[0-9a-f]{32}")
                    .isEqualTo(TraceIds.of(exchange).orElseThrow());
            assertThat(MDC.get("spanId")).isEqualTo(span.context().spanId()).matches("[0-9a-f]{16}");
        }
    }

    @Test
    void the_logging_context_is_as_it_was_once_the_scope_closes() {
        MDC.put("traceId", "an-outer-trace");
        MockServerWebExchange exchange = tracedExchange(tracer.nextSpan().start());

        try (TraceIds.LogScope ignored = TraceIds.inLogs(exchange)) {
            assertThat(MDC.get("traceId")).isNotEqualTo("an-outer-trace");
        }

        assertThat(MDC.get("traceId")).isEqualTo("an-outer-trace");
        assertThat(MDC.get("spanId")).isNull();
    }

    @Test
    void a_request_without_a_trace_leaves_the_logging_context_alone() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/sites"));
        MDC.put("traceId", "an-outer-trace");

        try (TraceIds.LogScope ignored = TraceIds.inLogs(exchange)) {
            assertThat(MDC.get("traceId")).isEqualTo("an-outer-trace");
            assertThat(MDC.get("spanId")).isNull();
        }

        assertThat(TraceIds.of(exchange)).isEmpty();
        assertThat(MDC.get("traceId")).isEqualTo("an-outer-trace");
    }

    /** An exchange as the framework's server observation leaves it: its context on the exchange, holding the span. */
    private static MockServerWebExchange tracedExchange(Span span) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/sites"));
        ServerRequestObservationContext context = new ServerRequestObservationContext(exchange.getRequest(),
                exchange.getResponse(), exchange.getAttributes());
        TracingObservationHandler.TracingContext tracing = new TracingObservationHandler.TracingContext();
        tracing.setSpan(span);
        context.put(TracingObservationHandler.TracingContext.class, tracing);
        exchange.getAttributes().put(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
        return exchange;
    }
}
