package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.infra.testing.SpringTestDatabase;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Every request carries a trace id, tracing exported or not: the problem document of a refusal names it, and the log
 * line the request wrote carries the same id, so an operator can go from a partner's error report to the logs.
 */
@ApiIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "logging.level.org.stockbridge.api.web=DEBUG")
class TraceIdApiIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    ApplicationContext context;

    @Test
    void the_operators_that_restore_thread_locals_do_not_open_the_observation_in_them() {
        ObservationRegistry observations = context.getBean(ObservationRegistry.class);
        Observation request = Observation.start("test.request", observations);
        AtomicReference<Object> seen = new AtomicReference<>("not run");
        Mono.just(1)
                .handle((value, sink) -> {
                    seen.set(Optional.ofNullable(observations.getCurrentObservation()));
                    sink.next(value);
                })
                .contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, request))
                .block();
        request.stop();

        assertThat(seen.get()).isEqualTo(Optional.empty());
    }

    @Test
    void a_refused_requests_problem_body_and_its_log_line_carry_the_same_trace_id(CapturedOutput output) {
        String site = "NO-SUCH-" + UUID.randomUUID().toString().substring(0, 8);
        Map<?, ?> problem = web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", site, "product", "NDC-23155-601", "type", "RECEIPT", "quantity", 1))
                .exchange().expectStatus().isEqualTo(422)
                .expectBody(Map.class).returnResult().getResponseBody();

        String traceId = (String) problem.get("traceId");
        assertThat(traceId).matches("[0-9a-f]{32}");
        assertThat(output.getOut().lines()
                .filter(line -> line.contains("POST /api/v1/movements refused: 422"))
                .toList())
                .singleElement().asString().contains(traceId);
    }

    @Test
    void a_callers_traceparent_names_the_trace_of_its_refusal_and_of_the_refusals_log_line(CapturedOutput output) {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String site = "NO-SUCH-" + UUID.randomUUID().toString().substring(0, 8);
        Map<?, ?> problem = web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-00")
                .bodyValue(Map.of("site", site, "product", "NDC-23155-601", "type", "RECEIPT", "quantity", 1))
                .exchange().expectStatus().isEqualTo(422)
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat(problem.get("traceId")).isEqualTo(traceId);
        assertThat(output.getOut().lines()
                .filter(line -> line.contains("POST /api/v1/movements refused: 422") && line.contains(traceId))
                .toList())
                .hasSize(1);
    }

    @Test
    void problems_written_outside_the_handlers_carry_a_trace_id_too() {
        Map<?, ?> problem = web.mutate().defaultHeaders(headers -> headers.remove("Authorization")).build()
                .get().uri("/api/v1/sites").exchange().expectStatus().isUnauthorized()
                .expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> notFound = web.get().uri("/api/v1/no-such-endpoint").exchange().expectStatus().isNotFound()
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat((String) problem.get("traceId")).matches("[0-9a-f]{32}");
        assertThat((String) notFound.get("traceId")).matches("[0-9a-f]{32}");
        assertThat(problem.get("traceId")).isNotEqualTo(notFound.get("traceId"));
    }

    @Test
    void nothing_is_exported_unless_an_endpoint_is_configured() {
        assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
    }
}
