package org.stockbridge.api.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * One client may have one uncached as-of computation running at once: a second is refused with 429 while the first is
 * held on the forecast pool by a latch (no timing), while another client and answers already computed go through.
 */
@ApiIntegrationTest
@TestPropertySource(properties = {
    "stockbridge.reference.load-on-start=true", "stockbridge.demo.enabled=true", "stockbridge.demo.days=300",
    "stockbridge.demo.end-date=2026-06-30", "stockbridge.demo.dispensing-sites=3", "stockbridge.demo.drug-groups=1",
    "stockbridge.forecast.train-on-start=false", "stockbridge.forecast.risk-models=false",
    "stockbridge.forecast.trees=30", "stockbridge.forecast.schedule=-",
    // more threads than the held computation and the other client's answer use at once: a bounded elastic pool may
    // queue a task behind a busy thread when every thread is in use
    "stockbridge.forecast.threads=4"})
@AutoConfigureWebTestClient(timeout = "PT120S")
class AsOfComputationLimitApiIntegrationTests {

    private static final String FORECAST = "/api/v1/sites/SNS-R01/products/PPE-n95/forecast?horizon=7&asOf=";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    LocalTokenIssuer issuer;

    @Autowired
    AsOfComputations computations;

    private WebTestClient client(String subject) {
        return web.mutate().defaultHeaders(h -> h.setBearerAuth(issuer.mint(subject, List.of("read", "forecast"),
                "US CA", null, null, Duration.ofHours(1)))).build();
    }

    @Test
    void a_second_uncached_as_of_answer_of_a_client_is_refused_while_its_first_computes_and_no_one_else_is()
            throws Exception {
        WebTestClient official = client("official-a");
        WebTestClient other = client("official-b");
        official.get().uri(FORECAST + "2026-05-01").exchange().expectStatus().isOk();

        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        computations.beforeComputing = () -> {
            if (first.compareAndSet(true, false)) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CompletableFuture<HttpStatus> held;
        try {
            held = CompletableFuture.supplyAsync(() -> HttpStatus.valueOf(official.get().uri(FORECAST + "2026-04-01")
                    .exchange().expectBody(String.class).returnResult().getStatus().value()));
            assertThat(entered.await(2, TimeUnit.MINUTES)).as("the first computation started").isTrue();

            official.get().uri(FORECAST + "2026-03-01").exchange()
                    .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                    .expectHeader().valueEquals("Retry-After", Long.toString(AsOfComputations.RETRY_AFTER_SECONDS))
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/as-of-computation-busy")
                    .jsonPath("$.detail").value(d -> assertThat((String) d)
                            .contains("computing another as-of answer for official-a"))
                    .jsonPath("$.maxComputations").isEqualTo(1);
            official.get().uri("/api/v1/forecasts/shortfalls?horizon=7&asOf=2026-06-10").exchange()
                    .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            official.get().uri("/api/v1/risk/ingredients?asOf=2023-02-01").exchange()
                    .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

            // an answer already computed is not counted
            official.get().uri(FORECAST + "2026-05-01").exchange().expectStatus().isOk();
            // another client computes its own
            other.get().uri(FORECAST + "2026-03-01").exchange().expectStatus().isOk();
        } finally {
            release.countDown();
            computations.beforeComputing = null;
        }
        assertThat(held.get(2, TimeUnit.MINUTES)).isEqualTo(HttpStatus.OK);
        // the place is given back when the computation ends
        official.get().uri(FORECAST + "2026-06-15").exchange().expectStatus().isOk();
    }
}
