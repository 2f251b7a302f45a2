package org.stockbridge.api.transfer;

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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.CatalogueFixture;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.infra.testing.SpringTestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a partner learns of a transfer between one of its sites and a site of another tenant: its own end, the product,
 * the quantities, the state and the dates; never the other end's identity, its lot or the explanation of its stock.
 */
@ApiIntegrationTest
class TransferPartnerPrivacyApiIntegrationTests {

    private static final String PRODUCT = "NDC-23155-601";
    private static final String OWN = "SNS-R01";
    private static final String OTHER = "SNS-R06";

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

    private final JsonMapper json = JsonMapper.builder().build();
    private WebTestClient us;
    private WebTestClient partner;
    private String otherName;

    @BeforeAll
    void stock() {
        new CatalogueFixture(jdbc).load();
        us = as(issuer.mint("aspr-manager", List.of("read", "write", "approve"), "US", null, null,
                Duration.ofHours(2)));
        partner = as(issuer.mint("r1-partner", List.of("read", "write"), "US", null, List.of(OWN),
                Duration.ofHours(2)));
        otherName = jdbc.queryForObject("SELECT name FROM site WHERE code = ?", String.class, OTHER);
    }

    @Test
    void a_partner_reading_a_transfer_from_another_tenants_site_sees_neither_that_site_nor_its_lot() {
        String lot = receive(OTHER, 100);
        long id = save(OTHER, OWN, lot);

        JsonNode seen = read(partner, "/api/v1/transfers/" + id);

        assertThat(seen.path("from").path("code").isNull()).isTrue();
        assertThat(seen.path("from").path("name").asString()).isEqualTo("another site");
        assertThat(seen.path("to").path("code").asString()).isEqualTo(OWN);
        assertThat(seen.path("lot").isNull()).isTrue();
        assertThat(seen.path("explanation").isNull()).isTrue();
        assertThat(List.of("cost", "transitDays", "crossings")).as("the lane would name the other end's region")
                .allSatisfy(field -> assertThat(seen.path(field).isNull()).as(field).isTrue());
        assertThat(seen.path("product").path("code").asString()).isEqualTo(PRODUCT);
        assertThat(seen.path("quantity").asLong()).isEqualTo(20);
        assertThat(seen.path("state").asString()).isEqualTo("RECOMMENDED");
        assertHidden(seen, lot);
        JsonNode listed = read(partner, "/api/v1/transfers?siteCode=" + OWN + "&limit=500").path("items");
        JsonNode item = listed.valueStream().filter(t -> t.path("id").asLong() == id).findFirst().orElseThrow();
        assertThat(item.path("from").path("code").isNull()).isTrue();
        assertHidden(listed, lot);
        assertThat(read(partner, "/api/v1/transfers?siteCode=" + OTHER + "&limit=500").path("items").isEmpty())
                .as("a filter on the hidden end's code would say which transfers it is the other end of").isTrue();
        assertThat(read(us, "/api/v1/transfers?siteCode=" + OTHER + "&limit=500").path("items").valueStream()
                .anyMatch(t -> t.path("id").asLong() == id)).isTrue();
        JsonNode managed = read(us, "/api/v1/transfers/" + id);
        assertThat(managed.path("from").path("code").asString()).isEqualTo(OTHER);
        assertThat(managed.path("lot").path("lotNumber").asString()).isEqualTo(lot);
        assertThat(managed.path("explanation").path("whyDonor").asString()).contains(OTHER);
    }

    @Test
    void a_partner_shipping_to_another_tenants_site_sees_its_own_lot_but_not_where_it_goes() {
        String lot = receive(OWN, 100);
        long id = save(OWN, OTHER, lot);

        JsonNode seen = read(partner, "/api/v1/transfers/" + id);

        assertThat(seen.path("from").path("code").asString()).isEqualTo(OWN);
        assertThat(seen.path("to").path("code").isNull()).isTrue();
        assertThat(seen.path("to").path("name").asString()).isEqualTo("another site");
        assertThat(seen.path("lot").path("lotNumber").asString()).isEqualTo(lot);
        assertThat(seen.path("explanation").isNull()).isTrue();
        assertHidden(seen, null);
    }

    @Test
    void a_partner_receiving_from_another_tenants_site_learns_nothing_of_it_from_the_steps_or_the_feed() {
        String lot = receive(OTHER, 100);
        long id = save(OTHER, OWN, lot);
        JsonNode approved = step(us, id, "approvals", 1, Map.of());
        JsonNode dispatched = step(us, id, "dispatch", approved.path("version").asLong(), Map.of("note", "by truck"));

        JsonNode received = step(partner, id, "receipt", dispatched.path("version").asLong(),
                Map.of("receivedQuantity", 20));

        assertThat(received.path("state").asString()).isEqualTo("RECEIVED");
        assertThat(received.path("from").path("code").isNull()).isTrue();
        assertThat(received.path("dispatch").path("quantity").asLong()).isEqualTo(20);
        assertThat(received.path("dispatch").path("movementId").isNull()).isTrue();
        assertThat(received.path("receipt").path("movementId").isNumber()).isTrue();
        assertHidden(received, lot);
        assertThat(received.toString()).doesNotContain("by truck");
        JsonNode read = read(partner, "/api/v1/transfers/" + id);
        assertHidden(read, lot);
        assertThat(read.toString()).doesNotContain("by truck");

        List<JsonNode> events = feed(partner).stream()
                .filter(c -> c.path("key").asString().equals("transfer/" + id)).toList();
        assertThat(events).hasSize(4);
        for (JsonNode event : events) {
            JsonNode transfer = event.path("payload").path("transfer");
            assertThat(transfer.path("to").asString()).isEqualTo(OWN);
            assertThat(transfer.path("from").isNull()).isTrue();
            assertThat(transfer.path("lot").isNull()).isTrue();
            assertHidden(event, lot);
        }
        assertThat(feed(us).stream().filter(c -> c.path("key").asString().equals("transfer/" + id))
                .map(c -> c.path("payload").path("transfer").path("lot").asString()).toList())
                .hasSize(4).containsOnly(lot);
    }

    private void assertHidden(JsonNode seen, String lot) {
        String text = seen.toString();
        assertThat(text).doesNotContain(OTHER).doesNotContain(otherName).doesNotContain("usable");
        if (lot != null) {
            assertThat(text).doesNotContain(lot);
        }
    }

    private List<JsonNode> feed(WebTestClient client) {
        for (int i = 0; i < 100 && jdbc.queryForObject("SELECT count(*) FROM change_event WHERE position IS NULL",
                Long.class) > 0; i++) {
            jdbc.queryForObject("SELECT assign_change_positions()", Integer.class);
        }
        List<JsonNode> changes = new ArrayList<>();
        long after = 0;
        for (int pages = 0; pages < 1000; pages++) {
            JsonNode page = read(client, "/api/v1/changes?after=" + after + "&limit=500");
            page.path("items").forEach(changes::add);
            long next = page.path("after").asLong();
            if (next >= page.path("head").asLong() || next == after) {
                break;
            }
            after = next;
        }
        return changes;
    }

    private String receive(String site, int quantity) {
        String lot = "P-" + UUID.randomUUID().toString().substring(0, 8);
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(Map.of("site", site, "product", PRODUCT, "type", "RECEIPT", "quantity", quantity,
                        "lot", Map.of("number", lot, "expiry", LocalDate.now().plusYears(2).toString())))
                .exchange().expectStatus().isCreated();
        return lot;
    }

    /** A saved recommendation of 20 units whose explanation speaks of both sites' stock, as the recommender's does. */
    private long save(String from, String to, String lot) {
        Map<String, Object> ids = jdbc.queryForMap("SELECT (SELECT id FROM site WHERE code = ?) AS f, "
                + "(SELECT id FROM site WHERE code = ?) AS t, l.product_id, l.id AS lot FROM lot l "
                + "WHERE l.lot_number = ?", from, to, lot);
        String explanation = json.writeValueAsString(Map.of(
                "covers", to + " needs 20 more units to stay above its safety stock of 15",
                "whyDonor", from + " has 100 usable units, 60 above its safety stock and need",
                "whyLot", "lot " + lot + " expires first at " + from,
                "bindingConstraints", List.of(from + " safety stock"), "unmet", ""));
        NewTransfer transfer = new NewTransfer((Long) ids.get("f"), (Long) ids.get("t"), (Long) ids.get("product_id"),
                (Long) ids.get("lot"), 20, 2, 10, false, TransferRules.approvalsRequired(Jurisdiction.US,
                Jurisdiction.US), List.of(), 2, new java.math.BigDecimal("8.00"), LocalDate.now(),
                LocalDate.now().plusDays(2), explanation);
        return transfers.insert(transfer, "tests").block();
    }

    private JsonNode read(WebTestClient client, String uri) {
        return json.readTree(client.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody());
    }

    private JsonNode step(WebTestClient client, long id, String step, long version, Map<String, ?> body) {
        return json.readTree(client.post().uri("/api/v1/transfers/{id}/" + step, id)
                .header("If-Match", "\"" + version + "\"")
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private WebTestClient as(String token) {
        return web.mutate().defaultHeaders(headers -> headers.setBearerAuth(token)).build();
    }
}
