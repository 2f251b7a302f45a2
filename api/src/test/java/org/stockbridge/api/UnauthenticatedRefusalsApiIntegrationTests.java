package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.audit.RefusalSummaries;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Refusals of callers without a valid token: limited per remote address, summarised in the audit log. The summaries'
 * interval is an hour here, so that a test decides when they are written ({@link RefusalSummaries#flush()}); each test
 * that counts refusals sends them from a loopback address of its own.
 */
@ApiIntegrationTest
@TestPropertySource(properties = {"stockbridge.security.unauthenticated.refusals-per-minute=5",
        "stockbridge.security.unauthenticated.audit-interval=PT1H"})
class UnauthenticatedRefusalsApiIntegrationTests {

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
    RefusalSummaries summaries;

    @LocalServerPort
    int port;

    @Test
    void an_address_refused_for_want_of_a_token_beyond_its_rate_gets_429_with_retry_after() {
        WebTestClient elsewhere = from("127.0.0.5");
        List<EntityExchangeResult<byte[]>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(elsewhere.post().uri("/api/v1/movements").bodyValue(Map.of()).exchange().expectBody()
                    .returnResult());
        }
        assertThat(results.get(0).getStatus().value()).isEqualTo(401);
        List<EntityExchangeResult<byte[]>> limited = results.stream().filter(r -> r.getStatus().value() == 429)
                .toList();
        assertThat(limited).isNotEmpty();
        assertThat(limited.get(0).getResponseHeaders().getFirst("Retry-After")).matches("[1-9][0-9]*");
        assertThat(limited.get(0).getResponseHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(new String(limited.get(0).getResponseBody())).contains("/problems/rate-limited");
    }

    @Test
    void two_hundred_refusals_without_a_valid_token_leave_a_few_audit_rows_not_two_hundred() {
        summaries.flush().block(Duration.ofSeconds(30));
        long rowsBefore = anonymousRows();
        long occurrencesBefore = anonymousOccurrences();
        long idBefore = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM audit_event", Long.class);
        for (int i = 0; i < 100; i++) {
            anonymous().post().uri("/api/v1/movements").bodyValue(Map.of()).exchange().expectBody().returnResult();
            anonymous().put().uri("/api/v1/sites/X/products/Y/policy").header("Authorization", "Bearer not-a-token")
                    .bodyValue(Map.of()).exchange().expectBody().returnResult();
        }
        summaries.flush().block(Duration.ofSeconds(30));

        assertThat(anonymousRows() - rowsBefore).isLessThanOrEqualTo(4);
        assertThat(anonymousOccurrences() - occurrencesBefore).isEqualTo(200);
        List<Map<String, Object>> summaryRows = jdbc.queryForList("SELECT status, outcome, remote_address, "
                + "occurrences, first_at, last_at, requests::text AS requests FROM audit_event "
                + "WHERE id > ? AND first_at IS NOT NULL", idBefore);
        assertThat(summaryRows).isNotEmpty().allSatisfy(row -> {
            assertThat(row).containsEntry("outcome", "REFUSED").containsEntry("remote_address", "127.0.0.1");
            assertThat((Integer) row.get("status")).isIn(401, 429);
            assertThat(((java.sql.Timestamp) row.get("first_at")).toInstant())
                    .isBeforeOrEqualTo(((java.sql.Timestamp) row.get("last_at")).toInstant());
        });
        assertThat(summaryRows).extracting(row -> row.get("requests").toString())
                .anySatisfy(requests -> assertThat(requests).contains("POST /api/v1/movements")
                        .contains("PUT /api/v1/sites/X/products/Y/policy"));
    }

    @Test
    void the_first_refusal_of_a_quiet_address_is_written_at_once_and_the_rest_when_the_interval_ends() {
        summaries.flush().block(Duration.ofSeconds(30));
        summaries.flush().block(Duration.ofSeconds(30));
        long idBefore = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM audit_event", Long.class);
        WebTestClient elsewhere = from("127.0.0.3");
        for (int i = 0; i < 3; i++) {
            elsewhere.delete().uri("/api/v1/transfers/1").exchange().expectStatus().isUnauthorized();
        }
        assertThat(jdbc.queryForList("SELECT occurrences, first_at FROM audit_event WHERE id > ? "
                + "AND remote_address = '127.0.0.3'", idBefore)).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("occurrences", 1L).containsEntry("first_at", null));
        summaries.flush().block(Duration.ofSeconds(30));
        assertThat(jdbc.queryForObject("SELECT sum(occurrences) FROM audit_event WHERE id > ? "
                + "AND remote_address = '127.0.0.3'", Long.class, idBefore)).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE id > ? "
                + "AND remote_address = '127.0.0.3'", Long.class, idBefore)).isEqualTo(2);
    }

    @Test
    void the_audit_log_shows_a_summary_with_its_count_times_and_requests() {
        WebTestClient elsewhere = from("127.0.0.4");
        for (int i = 0; i < 4; i++) {
            elsewhere.post().uri("/api/v1/movements").exchange().expectStatus().isUnauthorized();
        }
        summaries.flush().block(Duration.ofSeconds(30));
        web.get().uri("/api/v1/audit?path=/api/v1/movements&outcome=REFUSED").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[?(@.remoteAddress == '127.0.0.4' && @.occurrences == 3)].firstAt").isNotEmpty()
                .jsonPath("$.items[?(@.remoteAddress == '127.0.0.4' && @.occurrences == 3)].requests['POST /api/v1/movements']")
                .isEqualTo(3);
    }

    @Test
    void the_summaries_are_written_when_the_application_stops() throws InterruptedException {
        summaries.flush().block(Duration.ofSeconds(30));
        long idBefore = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM audit_event", Long.class);
        WebTestClient elsewhere = from("127.0.0.6");
        for (int i = 0; i < 5; i++) {
            elsewhere.patch().uri("/api/v1/lanes/A/B").exchange().expectStatus().isUnauthorized();
        }
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        summaries.stop(stopped::countDown);
        try {
            assertThat(stopped.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(summaries.isRunning()).isFalse();
            assertThat(jdbc.queryForObject("SELECT sum(occurrences) FROM audit_event WHERE id > ? "
                    + "AND remote_address = '127.0.0.6'", Long.class, idBefore)).isEqualTo(5);
        } finally {
            summaries.start();
        }
    }

    @Test
    void a_refused_caller_with_a_valid_token_keeps_a_row_per_refusal() {
        WebTestClient official = as(issuer.mint("health-official"));
        long before = jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE client = 'health-official'",
                Long.class);
        for (int i = 0; i < 10; i++) {
            official.post().uri("/api/v1/movements").bodyValue(Map.of()).exchange().expectStatus().isForbidden();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE client = 'health-official' "
                + "AND status = 403", Long.class) - before).isEqualTo(10);
    }

    @Test
    void another_address_is_not_held_to_the_rate_of_the_first() {
        for (int i = 0; i < 10; i++) {
            anonymous().post().uri("/api/v1/movements").bodyValue(Map.of()).exchange().expectBody().returnResult();
        }
        from("127.0.0.2").post().uri("/api/v1/movements").bodyValue(Map.of()).exchange()
                .expectStatus().isUnauthorized();
    }

    /** A client whose connections come from another loopback address. */
    private WebTestClient from(String address) {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(
                        ConnectionProvider.newConnection()).bindAddress(() -> new InetSocketAddress(address, 0))))
                .baseUrl("http://127.0.0.1:" + port).build();
    }

    private long anonymousOccurrences() {
        return jdbc.queryForObject("SELECT coalesce(sum(occurrences), 0) FROM audit_event WHERE client IS NULL",
                Long.class);
    }

    private long anonymousRows() {
        return jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE client IS NULL", Long.class);
    }

    private WebTestClient anonymous() {
        return web.mutate().defaultHeaders(headers -> headers.remove("Authorization")).build();
    }

    private WebTestClient as(String token) {
        return web.mutate().defaultHeaders(headers -> headers.setBearerAuth(token)).build();
    }
}
