package org.stockbridge.api.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.CatalogueFixture;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;

/** The transfer workflow through the API: approvals per jurisdiction, dispatch and receipt through the ledger. */
@ApiIntegrationTest
class TransferWorkflowApiIntegrationTests {

    private static final String US_PRODUCT = "NDC-23155-601";
    private static final List<String> MANAGER = List.of("read", "write", "approve");

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
    TransferRepository transfers;

    WebTestClient us;
    WebTestClient ca;

    @BeforeAll
    void stock() {
        new CatalogueFixture(jdbc).load();
        us = as(issuer.mint("aspr-manager", MANAGER, "US", null, null, Duration.ofHours(2)));
        ca = as(issuer.mint("phac-manager", MANAGER, "CA", null, null, Duration.ofHours(2)));
    }

    @Test
    void a_cross_border_transfer_needs_both_jurisdictions_and_moves_stock_out_and_in_with_the_loss_recorded() {
        String lot = receive("SNS-R01", 500);
        long id = recommend("SNS-R01", "NESS-NAT", lot, 12, 10);

        Map<?, ?> recommended = get(id);
        assertThat(recommended.get("state")).isEqualTo("RECOMMENDED");
        assertThat(recommended.get("crossBorder")).isEqualTo(true);
        assertThat(list(recommended.get("approvalsRequired"))).containsExactly("US", "CA");

        Map<?, ?> half = step(us, id, "approvals", version(recommended), Map.of("note", "U.S. side agrees"), 200);
        assertThat(half.get("state")).isEqualTo("RECOMMENDED");
        assertThat(list(half.get("approvals"))).hasSize(1);
        Map<?, ?> approved = step(ca, id, "approvals", version(half), Map.of(), 200);
        assertThat(approved.get("state")).isEqualTo("APPROVED");
        assertThat(list(approved.get("approvals"))).extracting(a -> (Object) ((Map<?, ?>) a).get("jurisdiction"))
                .containsExactlyInAnyOrder("US", "CA");

        Map<?, ?> dispatched = step(us, id, "dispatch", version(approved), Map.of(), 200);
        assertThat(dispatched.get("state")).isEqualTo("DISPATCHED");
        assertThat(((Map<?, ?>) dispatched.get("dispatch")).get("quantity")).isEqualTo(120);
        assertThat(onHand("SNS-R01", lot)).isEqualTo(380);

        Map<?, ?> received = step(ca, id, "receipt", version(dispatched), Map.of("receivedQuantity", 114,
                "note", "one case crushed"), 200);
        assertThat(received.get("state")).isEqualTo("RECEIVED");
        Map<?, ?> receipt = (Map<?, ?>) received.get("receipt");
        assertThat(receipt.get("receivedQuantity")).isEqualTo(114);
        assertThat(receipt.get("lostQuantity")).isEqualTo(6);
        assertThat(onHand("NESS-NAT", lot)).isEqualTo(114);

        assertThat(jdbc.queryForList("SELECT type, quantity FROM movement WHERE document_ref = ? ORDER BY id",
                "transfer/" + id)).containsExactly(Map.of("type", "TRANSFER_OUT", "quantity", -120L),
                Map.of("type", "TRANSFER_IN", "quantity", 114L));
        assertThat((List<?>) get(id).get("history")).extracting(e -> (Object) ((Map<?, ?>) e).get("kind"))
                .containsExactly("RECOMMENDED", "APPROVAL", "APPROVED", "DISPATCHED", "RECEIVED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE path LIKE ? AND outcome = 'APPLIED' "
                + "AND before_state IS NOT NULL AND after_state IS NOT NULL", Long.class,
                "/api/v1/transfers/" + id + "/%")).isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM change_event WHERE kind = 'transfer' AND entity_key = ?",
                Long.class, "transfer/" + id)).isEqualTo(5);
    }

    @Test
    void a_domestic_transfer_needs_one_approval_which_neither_the_other_jurisdiction_nor_a_partner_can_give() {
        String lot = receive("SNS-R01", 100);
        long id = recommend("SNS-R01", "SNS-R06", lot, 2, 10);
        long version = version(get(id));
        WebTestClient partner = as(issuer.mint("r1-partner", MANAGER, "US", null, List.of("SNS-R01"),
                Duration.ofHours(1)));

        stepRefused(ca, id, "approvals", version, Map.of(), 403);
        stepRefused(partner, id, "approvals", version, Map.of(), 403);
        stepRefused(as(issuer.mint("official", MANAGER, "US CA", null, null, Duration.ofHours(1))), id, "approvals",
                version, Map.of(), 403);
        Map<?, ?> approved = step(us, id, "approvals", version, Map.of(), 200);

        assertThat(approved.get("state")).isEqualTo("APPROVED");
        assertThat(list(approved.get("approvalsRequired"))).containsExactly("US");
        stepRefused(us, id, "approvals", version(approved), Map.of(), 409);
    }

    @Test
    void a_change_needs_if_match_and_a_stale_version_is_refused() {
        long id = recommend("SNS-R01", "SNS-R06", receive("SNS-R01", 50), 1, 10);

        us.post().uri("/api/v1/transfers/{id}/approvals", id).header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of()).exchange()
                .expectStatus().isEqualTo(428)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/precondition-required");
        stepRefused(us, id, "approvals", 7, Map.of(), 412);
        assertThat(get(id).get("state")).isEqualTo("RECOMMENDED");
    }

    @Test
    void a_step_the_state_does_not_allow_is_a_conflict_naming_the_current_state() {
        String lot = receive("SNS-R01", 50);
        long id = recommend("SNS-R01", "SNS-R06", lot, 1, 10);

        us.post().uri("/api/v1/transfers/{id}/dispatch", id).header("If-Match", "\"1\"")
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(Map.of()).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.state").isEqualTo("RECOMMENDED")
                .jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/invalid-transfer-state");
        Map<?, ?> approved = step(us, id, "approvals", 1, Map.of(), 200);
        Map<?, ?> dispatched = step(us, id, "dispatch", version(approved), Map.of(), 200);
        us.post().uri("/api/v1/transfers/{id}/cancellation", id).header("If-Match", "\"" + version(dispatched) + "\"")
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(Map.of("reason", "too late"))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.state").isEqualTo("DISPATCHED");
        assertThat(onHand("SNS-R01", lot)).isEqualTo(40);
    }

    @Test
    void a_transfers_dispatch_and_receipt_are_not_reversed_outside_the_transfer_workflow() {
        String lot = receive("SNS-R01", 50);
        long id = recommend("SNS-R01", "SNS-R06", lot, 2, 10);
        Map<?, ?> dispatched = step(us, id, "dispatch", version(step(us, id, "approvals", 1, Map.of(), 200)), Map.of(),
                200);
        long dispatch = ((Number) ((Map<?, ?>) dispatched.get("dispatch")).get("movementId")).longValue();
        Map<?, ?> received = step(us, id, "receipt", version(dispatched), Map.of("receivedQuantity", 20), 200);
        long receipt = ((Number) ((Map<?, ?>) received.get("receipt")).get("movementId")).longValue();

        for (long movement : List.of(dispatch, receipt)) {
            us.post().uri("/api/v1/movements/{id}/reversal", movement).header("Idempotency-Key",
                            UUID.randomUUID().toString()).bodyValue(Map.of()).exchange()
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/reversal-not-allowed")
                    .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("transfer " + id));
        }
        assertThat(onHand("SNS-R01", lot)).isEqualTo(30);
        assertThat(onHand("SNS-R06", lot)).isEqualTo(20);
    }

    @Test
    void a_repeated_idempotency_key_replays_the_dispatch_without_moving_stock_twice() {
        String lot = receive("SNS-R01", 80);
        long id = recommend("SNS-R01", "SNS-R06", lot, 3, 10);
        long version = version(step(us, id, "approvals", 1, Map.of(), 200));
        String key = UUID.randomUUID().toString();

        for (int i = 0; i < 2; i++) {
            us.post().uri("/api/v1/transfers/{id}/dispatch", id).header("If-Match", "\"" + version + "\"")
                    .header("Idempotency-Key", key).bodyValue(Map.of("quantity", 20)).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals("ETag", "\"" + (version + 1) + "\"");
        }
        us.post().uri("/api/v1/transfers/{id}/dispatch", id).header("If-Match", "\"" + version + "\"")
                .header("Idempotency-Key", key).bodyValue(Map.of("quantity", 30)).exchange()
                .expectStatus().isEqualTo(422);

        assertThat(onHand("SNS-R01", lot)).isEqualTo(60);
        assertThat(((Map<?, ?>) get(id).get("dispatch")).get("quantity")).isEqualTo(20);
    }

    @Test
    void a_dispatch_the_lot_cannot_cover_writes_nothing() {
        String lot = receive("SNS-R01", 15);
        long id = recommend("SNS-R01", "SNS-R06", lot, 2, 10);
        long version = version(step(us, id, "approvals", 1, Map.of(), 200));

        us.post().uri("/api/v1/transfers/{id}/dispatch", id).header("If-Match", "\"" + version + "\"")
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(Map.of()).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/insufficient-stock");

        assertThat(get(id).get("state")).isEqualTo("APPROVED");
        assertThat(onHand("SNS-R01", lot)).isEqualTo(15);
    }

    @Test
    void a_receipt_whose_figures_do_not_add_up_is_refused_naming_the_field() {
        String lot = receive("SNS-R01", 30);
        long id = recommend("SNS-R01", "SNS-R06", lot, 1, 10);
        long version = version(step(us, id, "dispatch", version(step(us, id, "approvals", 1, Map.of(), 200)),
                Map.of(), 200));

        us.post().uri("/api/v1/transfers/{id}/receipt", id).header("If-Match", "\"" + version + "\"")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("receivedQuantity", 8, "lostQuantity", 1)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("lostQuantity");
        us.post().uri("/api/v1/transfers/{id}/receipt", id).header("If-Match", "\"" + version + "\"")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("receivedQuantity", 11)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("receivedQuantity");
        Map<?, ?> lostAll = step(us, id, "receipt", version, Map.of("receivedQuantity", 0), 200);
        assertThat(((Map<?, ?>) lostAll.get("receipt")).get("lostQuantity")).isEqualTo(10);
        assertThat(onHand("SNS-R06", lot)).isZero();
    }

    @Test
    void a_transfer_is_cancelled_before_dispatch_with_its_reason() {
        long id = recommend("SNS-R01", "NESS-NAT", receive("SNS-R01", 20), 1, 10);

        Map<?, ?> cancelled = step(ca, id, "cancellation", 1, Map.of("reason", "covered by a provincial order"), 200);

        assertThat(cancelled.get("state")).isEqualTo("CANCELLED");
        assertThat(((Map<?, ?>) cancelled.get("cancellation")).get("reason")).isEqualTo("covered by a provincial order");
        stepRefused(ca, id, "cancellation", version(cancelled), Map.of(), 400);
    }

    @Test
    void a_partner_cannot_cancel_a_transfer_even_one_touching_its_own_site() {
        long id = recommend("SNS-R01", "SNS-R06", receive("SNS-R01", 20), 1, 10);
        WebTestClient partner = as(issuer.mint("r1-partner", List.of("read", "write"), "US", null,
                List.of("SNS-R01"), Duration.ofHours(1)));

        partner.post().uri("/api/v1/transfers/{id}/cancellation", id).header("If-Match", "\"1\"")
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(Map.of("reason", "not wanted"))
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("partner"));

        assertThat(get(id).get("state")).isEqualTo("RECOMMENDED");
    }

    @Test
    void every_step_answers_with_the_transfers_history_as_a_read_does() {
        String lot = receive("SNS-R01", 40);
        long id = recommend("SNS-R01", "SNS-R06", lot, 1, 10);
        long cancelled = recommend("SNS-R01", "SNS-R06", lot, 1, 10);

        Map<?, ?> approved = step(us, id, "approvals", 1, Map.of(), 200);
        Map<?, ?> dispatched = step(us, id, "dispatch", version(approved), Map.of(), 200);
        Map<?, ?> received = step(us, id, "receipt", version(dispatched), Map.of("receivedQuantity", 10), 200);
        Map<?, ?> cancellation = step(us, cancelled, "cancellation", 1, Map.of("reason", "not needed"), 200);

        assertThat(kinds(approved)).containsExactly("RECOMMENDED", "APPROVED");
        assertThat(kinds(dispatched)).containsExactly("RECOMMENDED", "APPROVED", "DISPATCHED");
        assertThat(kinds(received)).containsExactly("RECOMMENDED", "APPROVED", "DISPATCHED", "RECEIVED");
        assertThat(received.get("history")).isEqualTo(get(id).get("history"));
        assertThat(kinds(cancellation)).containsExactly("RECOMMENDED", "CANCELLED");
    }

    @Test
    void a_partner_sees_only_the_transfers_touching_its_sites() {
        long theirs = recommend("SNS-R01", "SNS-R06", receive("SNS-R01", 20), 1, 10);
        long other = recommend("SNS-R01", "NESS-NAT", receive("SNS-R01", 20), 1, 10);
        WebTestClient partner = as(issuer.mint("r6-partner", List.of("read", "write"), "US", null,
                List.of("SNS-R06"), Duration.ofHours(1)));

        List<?> seen = partner.get().uri("/api/v1/transfers?limit=500").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("items") instanceof List<?> items
                ? items : List.of();
        assertThat(seen).extracting(t -> ((Number) ((Map<?, ?>) t).get("id")).longValue())
                .contains(theirs).doesNotContain(other);
        partner.get().uri("/api/v1/transfers/{id}", other).exchange().expectStatus().isNotFound();
        partner.get().uri("/api/v1/transfers/{id}", theirs).exchange().expectStatus().isOk();

        for (int i = 0; i < 100 && jdbc.queryForObject("SELECT count(*) FROM change_event WHERE position IS NULL",
                Long.class) > 0; i++) {
            jdbc.queryForObject("SELECT assign_change_positions()", Integer.class);
        }
        // A page holds only what the partner may see of a window of the feed: follow it to the head.
        List<Object> keys = new java.util.ArrayList<>();
        long after = 0;
        for (int pages = 0; pages < 1000; pages++) {
            Map<?, ?> changes = partner.get().uri("/api/v1/changes?after=" + after + "&limit=500").exchange()
                    .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            list(changes.get("items")).forEach(c -> keys.add(((Map<?, ?>) c).get("key")));
            long next = ((Number) changes.get("after")).longValue();
            if (next >= ((Number) changes.get("head")).longValue() || next == after) {
                break;
            }
            after = next;
        }
        assertThat(keys).contains("transfer/" + theirs).doesNotContain("transfer/" + other);
    }

    @Test
    void transfers_are_listed_by_state_and_site_in_cursor_pages() {
        recommend("SNS-R06", "SNS-R01", receive("SNS-R06", 40), 1, 10);
        recommend("SNS-R06", "SNS-R01", receive("SNS-R06", 40), 1, 10);
        recommend("SNS-R06", "SNS-R01", receive("SNS-R06", 40), 1, 10);

        Map<?, ?> first = web.get().uri("/api/v1/transfers?siteCode=SNS-R06&state=RECOMMENDED&limit=2").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(list(first.get("items"))).hasSize(2);
        assertThat(first.get("nextCursor")).isNotNull();
        Map<?, ?> second = web.get().uri("/api/v1/transfers?siteCode=SNS-R06&state=RECOMMENDED&limit=2&cursor="
                + first.get("nextCursor")).exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody();
        assertThat(list(second.get("items"))).isNotEmpty();
        web.get().uri("/api/v1/transfers?state=LOST").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("state");
    }

    private String receive(String site, int quantity) {
        String lot = "T-" + UUID.randomUUID().toString().substring(0, 8);
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", site, "product", US_PRODUCT, "type", "RECEIPT", "quantity", quantity,
                        "lot", Map.of("number", lot, "expiry", LocalDate.now().plusYears(2).toString())))
                .exchange().expectStatus().isCreated();
        return lot;
    }

    private long recommend(String from, String to, String lot, int packs, int packSize) {
        Map<String, Object> ids = jdbc.queryForMap("SELECT (SELECT id FROM site WHERE code = ?) AS f, "
                + "(SELECT id FROM site WHERE code = ?) AS t, (SELECT id FROM site WHERE code = ?) AS fj, "
                + "l.product_id, l.id AS lot, (SELECT jurisdiction FROM site WHERE code = ?) AS fjur, "
                + "(SELECT jurisdiction FROM site WHERE code = ?) AS tjur FROM lot l WHERE l.lot_number = ?",
                from, to, from, from, to, lot);
        org.stockbridge.domain.Jurisdiction a = org.stockbridge.domain.Jurisdiction.valueOf((String) ids.get("fjur"));
        org.stockbridge.domain.Jurisdiction b = org.stockbridge.domain.Jurisdiction.valueOf((String) ids.get("tjur"));
        NewTransfer transfer = new NewTransfer((Long) ids.get("f"), (Long) ids.get("t"), (Long) ids.get("product_id"),
                (Long) ids.get("lot"), (long) packs * packSize, packs, packSize, a != b,
                TransferRules.approvalsRequired(a, b), a != b ? List.of("Champlain-Lacolle") : List.of(), 3,
                new java.math.BigDecimal("12.50"), LocalDate.now(), LocalDate.now().plusDays(3),
                "{\"covers\": \"test shortfall\"}");
        return transfers.insert(transfer, "tests").block();
    }

    private Map<?, ?> get(long id) {
        return web.get().uri("/api/v1/transfers/{id}", id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private Map<?, ?> step(WebTestClient client, long id, String step, long version, Map<String, ?> body, int status) {
        Map<?, ?> result = client.post().uri("/api/v1/transfers/{id}/" + step, id)
                .header("If-Match", "\"" + version + "\"")
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status)
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(version(result)).isEqualTo(version + 1);
        return result;
    }

    private void stepRefused(WebTestClient client, long id, String step, long version, Map<String, ?> body,
                             int status) {
        client.post().uri("/api/v1/transfers/{id}/" + step, id).header("If-Match", "\"" + version + "\"")
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status);
    }

    private static List<Object> kinds(Map<?, ?> transfer) {
        assertThat(transfer.get("history")).as("history").isNotNull();
        return list(transfer.get("history")).stream().map(e -> (Object) ((Map<?, ?>) e).get("kind")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private static long version(Map<?, ?> transfer) {
        return ((Number) transfer.get("version")).longValue();
    }

    private long onHand(String site, String lot) {
        Long value = jdbc.queryForObject("SELECT coalesce(sum(b.on_hand), 0) FROM balance b JOIN site s ON s.id = "
                + "b.site_id JOIN lot l ON l.id = b.lot_id WHERE s.code = ? AND l.lot_number = ?", Long.class, site, lot);
        return value == null ? 0 : value;
    }

    private WebTestClient as(String token) {
        return web.mutate().defaultHeaders(headers -> headers.setBearerAuth(token)).build();
    }
}
