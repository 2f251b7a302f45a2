package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import reactor.core.Disposable;

/** A client may hold only a few change streams and long polls open at once. */
@ApiIntegrationTest
@TestPropertySource(properties = "stockbridge.security.change-streams.per-client=3")
class ChangeStreamLimitApiIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    LocalTokenIssuer issuer;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    /**
     * One change in the feed, so that a stream from the start answers at once with it (a stream with nothing to send
     * sends its headers with its first keep-alive, 15 s on).
     */
    @BeforeAll
    void oneChange() {
        new CatalogueFixture(jdbc).load();
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", "SNS-R01", "product", "DIN-02240285", "type", "RECEIPT", "quantity", 5,
                        "lot", Map.of("number", "STREAM-1", "expiry", LocalDate.now().plusYears(1).toString())))
                .exchange().expectStatus().isCreated();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (head() == 0) {
            assertThat(System.nanoTime()).as("the change was sequenced within 30 s").isLessThan(deadline);
            pause();
        }
    }

    @Test
    void a_client_holding_its_streams_is_refused_another_with_429_and_told_when_to_retry() {
        WebTestClient client = client("holder");
        List<Disposable> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(openStream(client));
            }
            client.get().uri("/api/v1/changes/stream").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                    .expectStatus().isEqualTo(429)
                    .expectHeader().value("Retry-After", v -> assertThat(v).matches("[1-9][0-9]*"))
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/too-many-streams")
                    .jsonPath("$.maxStreams").isEqualTo(3);
            client.get().uri("/api/v1/changes?wait=30").exchange().expectStatus().isEqualTo(429);
            client("neighbour").get().uri("/api/v1/changes?wait=0").exchange().expectStatus().isOk();
            openStream(client("neighbour")).dispose();
        } finally {
            open.forEach(Disposable::dispose);
        }
    }

    @Test
    void a_percent_encoded_path_or_a_head_request_is_counted_like_a_plain_stream() {
        String token = issuer.mint("speller", List.of("read"), "US CA", null, null, Duration.ofMinutes(30));
        WebTestClient client = web.mutate().defaultHeaders(headers -> headers.setBearerAuth(token)).build();
        List<Disposable> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(openStream(client));
            }
            RawHttp http = new RawHttp(port);
            Map<String, String> events = Map.of("Accept", "text/event-stream");
            assertThat(http.send("GET", "/api/v1/changes/%73tream?after=0", token, events, null).status())
                    .isEqualTo(429);
            assertThat(http.send("GET", "/api/v1/%63hanges?after=999999999&wait=25", token, Map.of(), null).status())
                    .isEqualTo(429);
            assertThat(http.send("HEAD", "/api/v1/changes?after=999999999&wait=20", token, Map.of(), null).status())
                    .isEqualTo(429);
            assertThat(http.send("GET", "/api/v1/changes?after=0&wait=%30", token, Map.of(), null).status())
                    .isEqualTo(200);
        } finally {
            open.forEach(Disposable::dispose);
        }
    }

    @Test
    void a_stream_whose_client_disconnects_gives_its_place_back() {
        WebTestClient client = client("leaver");
        List<Disposable> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(openStream(client));
            }
            client.get().uri("/api/v1/changes/stream").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                    .expectStatus().isEqualTo(429);
            open.remove(0).dispose();
            open.add(awaitStream(client));
        } finally {
            open.forEach(Disposable::dispose);
        }
    }

    @Test
    void a_long_poll_that_ends_gives_its_place_back() {
        WebTestClient client = client("poller");
        for (int i = 0; i < 6; i++) {
            client.get().uri("/api/v1/changes?after=0&wait=30").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.items.length()").isEqualTo(1);
        }
        openStream(client).dispose();
    }

    /** Opens a stream from the start (the server has taken its place once the answer is in) and keeps it open. */
    private static Disposable openStream(WebTestClient client) {
        FluxExchangeResult<String> result = client.get().uri("/api/v1/changes/stream?after=0")
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk().returnResult(String.class);
        return result.getResponseBody().subscribe(event -> { }, error -> { });
    }

    /** The server learns of a disconnect a moment after it happens: retries until a place is free. */
    private static Disposable awaitStream(WebTestClient client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            FluxExchangeResult<String> result = client.get().uri("/api/v1/changes/stream?after=0")
                    .accept(MediaType.TEXT_EVENT_STREAM).exchange().returnResult(String.class);
            if (result.getStatus().value() == 200) {
                return result.getResponseBody().subscribe(event -> { }, error -> { });
            }
            assertThat(result.getStatus().value()).isEqualTo(429);
            result.getResponseBody().then().block(Duration.ofSeconds(10));
            assertThat(System.nanoTime()).as("a place was given back within 30 s").isLessThan(deadline);
            pause();
        }
    }

    private long head() {
        Map<String, Object> head = web.get().uri("/api/v1/changes/head").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
        return ((Number) head.get("position")).longValue();
    }

    /** A client of its own, reading every site, for each test. */
    private WebTestClient client(String subject) {
        String token = issuer.mint(subject, List.of("read"), "US CA", null, null, Duration.ofMinutes(30));
        return web.mutate().defaultHeaders(headers -> headers.setBearerAuth(token)).build();
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
