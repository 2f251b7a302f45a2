package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.infra.testing.SpringTestDatabase;

@ApiIntegrationTest
@TestPropertySource(properties = "stockbridge.security.rate-limit.requests-per-second=3")
class RateLimitApiIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    MeterRegistry meters;

    @Test
    void a_client_over_its_rate_is_refused_with_429_and_told_when_to_retry() {
        List<EntityExchangeResult<byte[]>> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            results.add(web.get().uri("/api/v1/sites").exchange().expectBody().returnResult());
        }
        List<EntityExchangeResult<byte[]>> limited = results.stream()
                .filter(r -> r.getStatus().value() == 429).toList();
        assertThat(limited).isNotEmpty();
        assertThat(limited.get(0).getResponseHeaders().getFirst("Retry-After")).matches("[1-9][0-9]*");
        assertThat(new String(limited.get(0).getResponseBody())).contains("rate-limited");
        assertThat(results.get(0).getStatus().value()).isEqualTo(200);
        assertThat(meters.get("stockbridge.ratelimit.refusals").tag("client", "test-admin").counter().count())
                .isEqualTo(limited.size());
    }
}
