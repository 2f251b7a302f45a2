package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import reactor.core.publisher.Mono;

/**
 * Measures, for {@code -Dbenchmark.wakeups=N} movements posted on replica A, how long a follower long-polling replica B
 * waits for each (cross-replica), against a follower long-polling replica A itself in the same round (the baseline).
 * Both replicas run their sequencers as in production. Run by {@code benchmarks/feed-wakeups.sh}; skipped otherwise.
 */
@ApiIntegrationTest
@EnabledIfSystemProperty(named = "benchmark.wakeups", matches = "\\d+")
class CrossReplicaWakeupBenchmarkIntegrationTests {

    private static final String PRODUCT = "DIN-02240285";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LocalTokenIssuer issuer;

    @Autowired
    Environment environment;

    SecondReplica replicaB;

    @BeforeAll
    void start() {
        new CatalogueFixture(jdbc).load();
        replicaB = SecondReplica.start();
    }

    @AfterAll
    void stop() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @Test
    void measure_how_long_followers_on_either_replica_wait_for_a_change_posted_on_one() {
        int rounds = Integer.getInteger("benchmark.wakeups");
        String token = issuer.mint("test-admin", TestSecurity.ALL_SCOPES, "US CA", null, null, Duration.ofHours(2));
        WebClient onA = client(environment.getProperty("local.server.port"), token);
        WebClient onB = client(replicaB.context().getEnvironment().getProperty("local.server.port"), token);
        List<Double> same = new ArrayList<>();
        List<Double> cross = new ArrayList<>();
        int timedOut = 0;
        for (int round = 0; round < rounds; round++) {
            long head = head();
            long[] answeredA = new long[1];
            long[] answeredB = new long[1];
            Mono<Integer> pollA = poll(onA, head).doOnNext(n -> answeredA[0] = System.nanoTime()).cache();
            Mono<Integer> pollB = poll(onB, head).doOnNext(n -> answeredB[0] = System.nanoTime()).cache();
            pollA.subscribe();
            pollB.subscribe();
            pause(300);
            long posted = System.nanoTime();
            web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                    .bodyValue(Map.of("site", "SNS-R01", "product", PRODUCT, "type", "RECEIPT", "quantity", 1,
                            "lot", Map.of("number", "W-" + round, "expiry", LocalDate.now().plusYears(2).toString())))
                    .exchange().expectStatus().isCreated();
            int itemsA = pollA.block(Duration.ofSeconds(30));
            int itemsB = pollB.block(Duration.ofSeconds(30));
            if (itemsA == 0 || itemsB == 0) {
                timedOut++;
                continue;
            }
            same.add((answeredA[0] - posted) / 1e6);
            cross.add((answeredB[0] - posted) / 1e6);
        }
        Collections.sort(same);
        Collections.sort(cross);
        System.out.printf(Locale.ROOT, "feed wake-ups: %d posts on replica A, %d polls ran out their wait%n", rounds,
                timedOut);
        System.out.printf(Locale.ROOT, "  same replica (baseline)  p50 %.0f ms  p99 %.0f ms  max %.0f ms%n",
                pct(same, 50), pct(same, 99), same.get(same.size() - 1));
        System.out.printf(Locale.ROOT, "  other replica            p50 %.0f ms  p99 %.0f ms  max %.0f ms%n",
                pct(cross, 50), pct(cross, 99), cross.get(cross.size() - 1));
        System.out.printf(Locale.ROOT, "  ratio other/same         p50 %.2f  p99 %.2f%n", pct(cross, 50) / pct(same, 50),
                pct(cross, 99) / pct(same, 99));
        assertThat(same).isNotEmpty();
    }

    private static Mono<Integer> poll(WebClient client, long after) {
        return client.get().uri("/api/v1/changes?after=" + after + "&wait=20").retrieve()
                .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() { })
                .map(page -> ((List<?>) page.get("items")).size());
    }

    private static WebClient client(String port, String token) {
        return WebClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token).build();
    }

    private static double pct(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private long head() {
        Map<String, Object> head = web.get().uri("/api/v1/changes/head").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
        return ((Number) head.get("position")).longValue();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
