package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import reactor.core.publisher.Mono;

/**
 * Two replicas on one database: a follower long-polling one replica is answered when a change is made through the
 * other, and not only when its own replica happened to number the change. Replica B's sequencer is slowed to once an
 * hour so that every position is assigned by replica A (the test context), which is what makes the case certain.
 */
@ApiIntegrationTest
class CrossReplicaChangeFeedIntegrationTests {

    private static final String PRODUCT = "DIN-02240285";
    private static final int WAIT_SECONDS = 20;

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

    SecondReplica replicaB;

    @BeforeAll
    void start() {
        new CatalogueFixture(jdbc).load();
        replicaB = SecondReplica.start("--stockbridge.feed.sequencer-interval=PT1H");
    }

    @AfterAll
    void stop() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @Test
    void a_long_poll_on_one_replica_is_answered_with_a_change_posted_on_another_before_its_wait_runs_out() {
        postOnAAndLongPollOnB();
    }

    @Test
    void the_replicas_listen_again_after_their_listening_connections_are_killed_and_wake_followers_across() {
        // each replica connects its listener once it has started, so the second may still be on its way
        awaitListeners(List.of(), 2);
        List<Integer> killed = jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                + "AND application_name = 'stockbridge-feed-listener'", Integer.class);
        assertThat(killed).hasSizeGreaterThanOrEqualTo(2);
        killed.forEach(pid -> jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, pid));

        awaitListeners(killed, 2);

        postOnAAndLongPollOnB();
    }

    /** Posts three movements on replica A, each while a follower long-polls replica B, which must get each at once. */
    private void postOnAAndLongPollOnB() {
        String token = issuer.mint("test-admin", TestSecurity.ALL_SCOPES, "US CA", null, null, Duration.ofHours(1));
        String port = replicaB.context().getEnvironment().getProperty("local.server.port");
        WebClient followerOnB = WebClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token).build();
        for (int round = 1; round <= 3; round++) {
            long head = head();
            Mono<Map<String, Object>> poll = followerOnB.get()
                    .uri("/api/v1/changes?after=" + head + "&wait=" + WAIT_SECONDS).retrieve()
                    .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() { })
                    .cache();
            poll.subscribe();
            pause(1500); // let the poll find nothing and start waiting

            post("X-" + round, 10 + round);

            // The poll must be answered by the wake-up, well before the wait it asked for would end on its own.
            Map<String, Object> answer = Mono.firstWithSignal(poll,
                            Mono.delay(Duration.ofSeconds(WAIT_SECONDS - 5)).then(Mono.<Map<String, Object>>error(
                                    new AssertionError("the long poll on replica B ran to the end of its wait"))))
                    .toFuture().join();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) answer.get("items");
            assertThat(items).extracting(c -> c.get("kind")).containsExactly("movement");
            @SuppressWarnings("unchecked")
            Map<String, Object> movement = (Map<String, Object>) ((Map<String, Object>) items.get(0).get("payload"))
                    .get("movement");
            assertThat(movement.get("quantity")).isEqualTo(10 + round);
        }
    }

    /** Waits until as many new sessions as replicas have LISTENed again (each replica retries with backoff). */
    private void awaitListeners(List<Integer> old, int replicas) {
        for (int attempt = 0; attempt < 600; attempt++) {
            List<Integer> listening = jdbc.queryForList("SELECT pid FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND application_name = 'stockbridge-feed-listener' "
                    + "AND query = 'LISTEN stockbridge_change_feed' AND state = 'idle'", Integer.class);
            listening.removeAll(old);
            if (listening.size() >= replicas) {
                return;
            }
            pause(50);
        }
        throw new AssertionError("fewer than " + replicas + " replicas listen (again) for change notifications");
    }

    private long head() {
        Map<String, Object> head = web.get().uri("/api/v1/changes/head").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
        return ((Number) head.get("position")).longValue();
    }

    private void post(String lot, int quantity) {
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", "SNS-R01", "product", PRODUCT, "type", "RECEIPT", "quantity", quantity,
                        "lot", Map.of("number", lot, "expiry", LocalDate.now().plusYears(2).toString())))
                .exchange().expectStatus().isCreated();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
