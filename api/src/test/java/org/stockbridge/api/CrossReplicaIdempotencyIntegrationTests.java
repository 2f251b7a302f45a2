package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.idempotency.IdempotencyService;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.infra.testing.SpringTestDatabase;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One Idempotency-Key sent to two replicas on one database: the effect is applied once, and the request that meets
 * the key while the first is still running is told so (409 with Retry-After) or answered with the first's response.
 */
@ApiIntegrationTest
class CrossReplicaIdempotencyIntegrationTests {

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
    DataSource dataSource;

    @Autowired
    LocalTokenIssuer issuer;

    @Autowired
    IdempotencyService idempotencyA;

    @Autowired
    DatabaseClient clientA;

    SecondReplica replicaB;

    @BeforeAll
    void start() {
        new CatalogueFixture(jdbc).load();
        jdbc.execute("CREATE TABLE idempotency_probe (idempotency_key text NOT NULL, replica text NOT NULL)");
        replicaB = SecondReplica.start();
    }

    @AfterAll
    void stop() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @Test
    void a_retry_on_another_replica_while_the_first_is_running_gets_409_with_retry_after_then_the_replay()
            throws Exception {
        WebTestClient b = replicaB.client(issuer.mint("test-admin", TestSecurity.ALL_SCOPES, "US CA", null, null,
                Duration.ofHours(1)));
        String key = UUID.randomUUID().toString();
        Map<String, Object> receipt = Map.of("site", "SNS-R01", "product", PRODUCT, "type", "RECEIPT", "quantity", 30,
                "lot", Map.of("number", "IDEM-1", "expiry", LocalDate.now().plusYears(2).toString()));

        CompletableFuture<EntityExchangeResult<String>> first;
        try (Connection blocker = dataSource.getConnection(); Statement statement = blocker.createStatement()) {
            // Holds the first request inside its transaction, after it has claimed the key, until this commits.
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE movement IN SHARE MODE");
            first = CompletableFuture.supplyAsync(() -> web.post().uri("/api/v1/movements")
                    .header("Idempotency-Key", key).bodyValue(receipt).exchange()
                    .expectBody(String.class).returnResult());
            awaitABackendWaitingForALock();

            b.post().uri("/api/v1/movements").header("Idempotency-Key", key).bodyValue(receipt).exchange()
                    .expectStatus().isEqualTo(409)
                    .expectHeader().exists("Retry-After")
                    .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/idempotency-key-in-use");
            blocker.commit();
        }

        EntityExchangeResult<String> applied = first.join();
        assertThat(applied.getStatus().value()).isEqualTo(201);
        b.post().uri("/api/v1/movements").header("Idempotency-Key", key).bodyValue(receipt).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody(String.class).isEqualTo(applied.getResponseBody());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM movement m JOIN lot l ON l.id = m.lot_id "
                + "WHERE l.lot_number = 'IDEM-1'", Long.class)).isEqualTo(1);
    }

    @Test
    void retries_spinning_on_another_replica_while_the_first_commits_never_apply_the_key_twice() {
        IdempotencyService idempotencyB = replicaB.context().getBean(IdempotencyService.class);
        DatabaseClient clientB = replicaB.context().getBean(DatabaseClient.class);
        int rounds = 100;
        for (int round = 0; round < rounds; round++) {
            String key = "spin-" + round + "-" + UUID.randomUUID();
            // Whichever request takes the key first applies it (holding it a little); the others spin on 409.
            Mono<?> onA = idempotencyA.execute("probe", key, "POST", "/probe", Map.of("n", 1), HttpStatus.CREATED,
                            () -> probe(clientA, key, "A").then(Mono.delay(Duration.ofMillis(30)))
                                    .thenReturn(Map.of("by", "A")))
                    .retryWhen(Retry.indefinitely().filter(CrossReplicaIdempotencyIntegrationTests::inProgress));
            Flux<?> onB = Flux.range(0, 4).flatMap(spinner -> Mono.delay(Duration.ofMillis(5))
                    .then(idempotencyB.execute("probe", key, "POST", "/probe", Map.of("n", 1), HttpStatus.CREATED,
                            () -> probe(clientB, key, "B").then(Mono.delay(Duration.ofMillis(30)))
                                    .thenReturn(Map.of("by", "B"))))
                    .retryWhen(Retry.indefinitely().filter(CrossReplicaIdempotencyIntegrationTests::inProgress)));
            Flux.merge(onA, onB).then().block(Duration.ofSeconds(60));
        }
        assertThat(jdbc.queryForList("SELECT idempotency_key FROM idempotency_probe GROUP BY idempotency_key "
                + "HAVING count(*) > 1", String.class)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT idempotency_key) FROM idempotency_probe", Long.class))
                .isEqualTo(rounds);
    }

    private static Mono<Void> probe(DatabaseClient client, String key, String replica) {
        return client.sql("INSERT INTO idempotency_probe (idempotency_key, replica) VALUES (:key, :replica)")
                .bind("key", key).bind("replica", replica).then();
    }

    private static boolean inProgress(Throwable error) {
        return error instanceof ApiException refused && refused.status() == HttpStatus.CONFLICT
                && refused.type().toString().endsWith("/idempotency-key-in-use");
    }

    private void awaitABackendWaitingForALock() throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            Long waiting = jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND wait_event_type = 'Lock'", Long.class);
            if (waiting != null && waiting > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the first request never reached the movement table");
    }
}
