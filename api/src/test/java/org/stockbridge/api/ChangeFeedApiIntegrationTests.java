package org.stockbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;
import reactor.core.publisher.Flux;

/** The change feed: every committed change once, in commit order, resumable, filtered to what the caller may see. */
@ApiIntegrationTest
class ChangeFeedApiIntegrationTests {

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

    @BeforeAll
    void catalogue() {
        new CatalogueFixture(jdbc).load();
    }

    @Test
    void a_movement_appears_once_with_the_balance_of_its_lot_right_after_it() {
        long head = head();
        post(receipt("SNS-R01", "F-1", 40));
        post(Map.of("site", "SNS-R01", "product", PRODUCT, "type", "ISSUE", "quantity", 15,
                "lot", Map.of("number", "F-1")));

        List<Map<String, Object>> changes = awaitChanges(head, 2);
        assertThat(changes).extracting(c -> c.get("kind")).containsExactly("movement", "movement");
        Map<String, Object> issue = payload(changes.get(1));
        assertThat(nested(issue, "movement").get("type")).isEqualTo("ISSUE");
        assertThat(nested(issue, "balance")).containsEntry("onHand", 25).containsEntry("version", 2)
                .containsEntry("lot", "F-1");
        long first = ((Number) changes.get(0).get("position")).longValue();
        assertThat(((Number) changes.get(1).get("position")).longValue()).isGreaterThan(first);
        assertThat(awaitChanges(first, 1)).hasSize(1);
    }

    @Test
    void a_refused_movement_leaves_no_change() {
        long before = head();
        post(receipt("SNS-R06", "F-2", 5));
        long head = ((Number) awaitChanges(before, 1).get(0).get("position")).longValue();
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", "SNS-R06", "product", PRODUCT, "type", "ISSUE", "quantity", 50,
                        "lot", Map.of("number", "F-2"))).exchange().expectStatus().isEqualTo(409);
        pause(600);
        assertThat(page(head, 0).get("items")).asList().isEmpty();
    }

    @Test
    void a_policy_change_is_a_change_too() {
        long head = head();
        web.put().uri("/api/v1/sites/NESS-NAT/products/PPE-n95/policy")
                .bodyValue(Map.of("safetyStock", 3, "reorderPoint", 9)).exchange().expectStatus().isCreated();
        Map<String, Object> change = awaitChanges(head, 1).get(0);
        assertThat(change.get("kind")).isEqualTo("policy");
        assertThat(nested(payload(change), "policy")).containsEntry("reorderPoint", 9).containsEntry("version", 1);
    }

    @Test
    void a_change_that_commits_late_is_not_skipped_by_a_follower_who_read_past_it() throws Exception {
        long head = head();
        long site = jdbc.queryForObject("SELECT id FROM site WHERE code = 'SNS-R01'", Long.class);
        long product = jdbc.queryForObject("SELECT id FROM product WHERE code = ?", Long.class, PRODUCT);
        jdbc.update("INSERT INTO lot (product_id, lot_number, labelled_expiry) VALUES (?, 'LATE-1', ?) "
                + "ON CONFLICT DO NOTHING", product, java.sql.Date.valueOf(LocalDate.now().plusYears(1)));
        long lot = jdbc.queryForObject("SELECT id FROM lot WHERE lot_number = 'LATE-1'", Long.class);
        try (Connection slow = dataSource.getConnection(); Statement statement = slow.createStatement()) {
            slow.setAutoCommit(false);
            statement.execute("SELECT * FROM post_movement(" + site + ", " + product + ", " + lot
                    + ", 'RECEIPT', 7, 'PURCHASE', now(), 'slow', 'LATE', NULL, NULL)");
            post(receipt("SNS-R06", "F-3", 11));
            pause(800);
            assertThat(page(head, 0).get("items")).asList().isEmpty();
            slow.commit();
        }
        List<Map<String, Object>> changes = awaitChanges(head, 2);
        assertThat(changes).extracting(c -> nested(payload(c), "movement").get("quantity")).containsExactly(7, 11);
    }

    @Test
    void a_partner_follows_only_the_changes_of_its_own_sites() {
        long head = head();
        post(receipt("SNS-R01", "F-4", 3));
        post(receipt("NESS-NAT", "F-4", 4));
        awaitChanges(head, 2);
        WebTestClient partner = web.mutate().defaultHeaders(h -> h.setBearerAuth(issuer.mint("ca-partner",
                List.of("read"), "CA", null, List.of("NESS-NAT"), Duration.ofMinutes(5)))).build();
        Map<String, Object> page = partner.get().uri("/api/v1/changes?after=" + head).exchange()
                .expectStatus().isOk().expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
        assertThat((List<Map<String, Object>>) page.get("items"))
                .extracting(c -> nested(payload(c), "movement").get("site")).containsExactly("NESS-NAT");
        assertThat(((Number) page.get("after")).longValue()).as("the cursor moves past what the partner may not see")
                .isEqualTo(((Number) page.get("head")).longValue());
    }

    @Test
    void a_long_poll_answers_as_soon_as_a_change_arrives() throws InterruptedException {
        long head = head();
        Thread poster = new Thread(() -> {
            pause(700);
            post(receipt("SNS-R06", "F-5", 2));
        });
        poster.start();
        Map<String, Object> page = page(head, 20);
        poster.join();
        assertThat((List<?>) page.get("items")).isNotEmpty();
        assertThat(awaitChanges(head, 1)).extracting(c -> nested(payload(c), "movement").get("lot")).contains("F-5");
    }

    @Test
    void the_stream_sends_each_change_as_an_event_named_by_its_kind_with_its_position_as_id() {
        long head = head();
        Flux<ServerSentEvent<Map<String, Object>>> events = web.get().uri("/api/v1/changes/stream?after=" + head)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() { })
                .getResponseBody()
                .filter(event -> event.event() != null);
        post(receipt("NESS-NAT", "F-6", 9));
        ServerSentEvent<Map<String, Object>> event = events.blockFirst(Duration.ofSeconds(30));
        assertThat(event).isNotNull();
        assertThat(event.event()).isEqualTo("movement");
        assertThat(Long.parseLong(event.id())).isGreaterThan(head);
        assertThat(nested(payload(event.data()), "movement").get("lot")).isEqualTo("F-6");
    }

    @Test
    void a_bad_cursor_or_wait_is_refused() {
        web.get().uri("/api/v1/changes?after=-1").exchange().expectStatus().isBadRequest();
        web.get().uri("/api/v1/changes?wait=300").exchange().expectStatus().isBadRequest();
    }

    @Test
    void a_cursor_beyond_the_head_is_refused_rather_than_told_it_is_caught_up() {
        long head = head();
        for (String beyond : List.of(Long.toString(head + 1_000), Long.toString(Long.MAX_VALUE))) {
            for (String query : List.of("?after=" + beyond, "?after=" + beyond + "&wait=1",
                    "/stream?after=" + beyond)) {
                web.get().uri("/api/v1/changes" + query).exchange().expectStatus().isBadRequest()
                        .expectBody().jsonPath("$.parameter").isEqualTo("after")
                        .jsonPath("$.detail").value(d -> assertThat(d.toString()).as(query)
                                .contains("beyond the newest feed position"));
            }
        }
        web.get().uri("/api/v1/changes/stream").header("Last-Event-ID", Long.toString(head + 1_000)).exchange()
                .expectStatus().isBadRequest();
        Map<String, Object> atHead = page(head, 0);
        assertThat((List<?>) atHead.get("items")).isEmpty();
        assertThat(((Number) atHead.get("head")).longValue()).isGreaterThanOrEqualTo(head);
        assertThat(((Number) atHead.get("after")).longValue()).isGreaterThanOrEqualTo(head);
    }

    private List<Map<String, Object>> awaitChanges(long after, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<Map<String, Object>> items = (List<Map<String, Object>>) page(after, 0).get("items");
            if (items.size() >= count || System.nanoTime() > deadline) {
                assertThat(items).hasSizeGreaterThanOrEqualTo(count);
                return items;
            }
            pause(100);
        }
    }

    private long head() {
        Map<String, Object> head = web.get().uri("/api/v1/changes/head").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
        return ((Number) head.get("position")).longValue();
    }

    private Map<String, Object> page(long after, int wait) {
        return web.get().uri("/api/v1/changes?after=" + after + "&wait=" + wait).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
    }

    private void post(Map<String, Object> movement) {
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(movement).exchange().expectStatus().isCreated();
    }

    private static Map<String, Object> receipt(String site, String lot, int quantity) {
        return Map.of("site", site, "product", PRODUCT, "type", "RECEIPT", "quantity", quantity,
                "lot", Map.of("number", lot, "expiry", LocalDate.now().plusYears(2).toString()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Map<String, Object> change) {
        return (Map<String, Object>) change.get("payload");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
