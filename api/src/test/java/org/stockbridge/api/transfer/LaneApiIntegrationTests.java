package org.stockbridge.api.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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

@ApiIntegrationTest
class LaneApiIntegrationTests {

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
    LaneRepository lanes;

    @BeforeAll
    void catalogue() {
        new CatalogueFixture(jdbc).load();
    }

    @Test
    void the_shipped_lanes_grow_with_distance_and_join_every_region_and_province() {
        Map<?, ?> near = lane("HHS-1", "HHS-2");
        Map<?, ?> far = lane("HHS-1", "HHS-9");

        assertThat((Integer) near.get("transitDays")).isLessThan((Integer) far.get("transitDays"));
        assertThat(((Number) near.get("costPerUnit")).doubleValue())
                .isLessThan(((Number) far.get("costPerUnit")).doubleValue());
        assertThat(lane("ON", "ON").get("transitDays")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM lane", Long.class)).isEqualTo(24L * 24);
        Map<?, ?> page = web.get().uri("/api/v1/lanes?from=HHS-5&limit=5").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<?>) page.get("items")).hasSize(5);
        assertThat(page.get("nextCursor")).isNotNull();
    }

    @Test
    void the_shipped_crossings_are_real_ones_and_open() {
        List<?> crossings = web.get().uri("/api/v1/border-crossings").exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();

        assertThat(crossings).extracting(c -> (Object) ((Map<?, ?>) c).get("name"))
                .contains("Detroit-Windsor", "Buffalo-Fort Erie", "Blaine-Pacific Highway", "Champlain-Lacolle");
        assertThat(crossings).hasSize(17);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM border_crossing WHERE updated_by = 'defaults' "
                + "AND NOT open", Long.class)).isZero();
    }

    @Test
    void an_administrator_changes_a_lane_with_if_match_and_the_change_is_audited() {
        Map<?, ?> before = lane("HHS-6", "HHS-7");
        long version = ((Number) before.get("version")).longValue();

        web.put().uri("/api/v1/lanes/HHS-6/HHS-7").bodyValue(Map.of("transitDays", 4, "costPerUnit", 0.9)).exchange()
                .expectStatus().isEqualTo(428);
        web.put().uri("/api/v1/lanes/HHS-6/HHS-7").header("If-Match", "\"" + version + "\"")
                .bodyValue(Map.of("transitDays", 4, "costPerUnit", 0.9)).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"" + (version + 1) + "\"")
                .expectBody().jsonPath("$.transitDays").isEqualTo(4);
        web.put().uri("/api/v1/lanes/HHS-6/HHS-7").header("If-Match", "\"" + version + "\"")
                .bodyValue(Map.of("transitDays", 5, "costPerUnit", 0.9)).exchange()
                .expectStatus().isEqualTo(412);

        Map<String, Object> audit = jdbc.queryForMap("SELECT before_state->>'transitDays' AS before, "
                + "after_state->>'transitDays' AS after FROM audit_event WHERE path = '/api/v1/lanes/HHS-6/HHS-7' "
                + "AND outcome = 'APPLIED'");
        assertThat(audit).containsEntry("before", String.valueOf(before.get("transitDays"))).containsEntry("after", "4");
    }

    @Test
    void a_lane_is_changed_by_administrators_only_and_refused_when_invalid() {
        WebTestClient manager = web.mutate().defaultHeaders(h -> h.setBearerAuth(issuer.mint("aspr-manager",
                List.of("read", "write", "approve"), "US", null, null, Duration.ofHours(1)))).build();

        manager.put().uri("/api/v1/lanes/HHS-1/HHS-2").header("If-Match", "\"1\"")
                .bodyValue(Map.of("transitDays", 1, "costPerUnit", 0.1)).exchange().expectStatus().isForbidden();
        web.put().uri("/api/v1/lanes/HHS-1/HHS-2").header("If-Match", "\"1\"")
                .bodyValue(Map.of("transitDays", -1, "costPerUnit", 0.1)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.parameter").isEqualTo("transitDays");
        web.put().uri("/api/v1/lanes/HHS-1/ATLANTIS").bodyValue(Map.of("transitDays", 1, "costPerUnit", 0.1))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void a_site_specific_lane_is_created_and_routes_take_it_over_the_regions_lane() {
        web.put().uri("/api/v1/lanes/SNS-R01/NESS-NAT").bodyValue(Map.of("transitDays", 2, "costPerUnit", 3.25))
                .exchange().expectStatus().isCreated().expectHeader().valueEquals("ETag", "\"1\"");

        LaneTable table = lanes.table().block();
        Map<Long, LaneTable.Place> places = lanes.places().block();
        LaneTable.Place boston = place(places, "SNS-R01");
        LaneTable.Place ottawa = place(places, "NESS-NAT");
        LaneTable.LaneRoute route = table.route(boston, ottawa).orElseThrow();
        assertThat(ottawa.region()).isEqualTo("CA");
        assertThat(route.costPerUnit()).isGreaterThanOrEqualTo(3.25);
        assertThat(route.crossings()).hasSize(1);
    }

    @Test
    void closing_a_crossing_through_the_api_takes_it_out_of_every_route() {
        Map<?, ?> crossing = web.get().uri("/api/v1/border-crossings/Blaine-Pacific Highway").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        LaneTable.Place seattle = new LaneTable.Place(null, "HHS-10", org.stockbridge.domain.Jurisdiction.US);
        LaneTable.Place victoria = new LaneTable.Place(null, "BC", org.stockbridge.domain.Jurisdiction.CA);
        assertThat(lanes.table().block().route(seattle, victoria).orElseThrow().crossings())
                .containsAnyOf("Blaine-Pacific Highway", "Sumas-Huntingdon");

        web.put().uri("/api/v1/border-crossings/Blaine-Pacific Highway")
                .header("If-Match", "\"" + crossing.get("version") + "\"")
                .bodyValue(Map.of("delayDays", 1, "open", false, "note", "closed by a flood")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.open").isEqualTo(false);
        web.put().uri("/api/v1/border-crossings/Sumas-Huntingdon").header("If-Match", "\"1\"")
                .bodyValue(Map.of("delayDays", 3, "open", true)).exchange().expectStatus().isOk();

        LaneTable.LaneRoute after = lanes.table().block().route(seattle, victoria).orElseThrow();
        assertThat(after.crossings()).doesNotContain("Blaine-Pacific Highway");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE path LIKE '/api/v1/border-crossings/%' "
                + "AND outcome = 'APPLIED' AND before_state IS NOT NULL", Long.class)).isEqualTo(2);
        web.put().uri("/api/v1/border-crossings/Nowhere").header("If-Match", "\"1\"")
                .bodyValue(Map.of("delayDays", 1, "open", true)).exchange().expectStatus().isNotFound();
    }

    private static LaneTable.Place place(Map<Long, LaneTable.Place> places, String code) {
        return places.values().stream().filter(p -> code.equals(p.siteCode())).findFirst().orElseThrow();
    }

    private Map<?, ?> lane(String from, String to) {
        return web.get().uri("/api/v1/lanes/{from}/{to}", from, to).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }
}
