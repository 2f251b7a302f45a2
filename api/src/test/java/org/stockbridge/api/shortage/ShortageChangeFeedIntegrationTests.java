package org.stockbridge.api.shortage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.batch.ingest.Ingestion;
import org.stockbridge.batch.ingest.IngestionRun;
import org.stockbridge.infra.testing.SpringTestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shortage reports in the change feed: an ingest records its new reports and new versions in the chunk's
 * transaction, and every reader (partners too: reports are public) pages through one entry per new report and per
 * new version, in order.
 */
@ApiIntegrationTest
class ShortageChangeFeedIntegrationTests {

    static final Path PAGE = Path.of("../data/real/dsc-api-search-pages-rdrugshortages/search_page1_limit50.json");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;
    @Autowired
    Ingestion ingestion;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    LocalTokenIssuer issuer;

    Path work;
    long before;
    IngestionRun first;
    Set<String> reportIds;

    @BeforeAll
    void ingestOnePage() throws IOException {
        work = Files.createTempDirectory("shortage-feed");
        reportIds = StreamSupport.stream(JSON.readTree(PAGE.toFile()).path("data").spliterator(), false)
                .map(r -> r.path("id").asString()).collect(Collectors.toSet());
        before = head(web);
        first = ingestion.ingest(PAGE, "test");
    }

    @AfterAll
    void removeCopies() throws IOException {
        try (var files = Files.walk(work)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void an_ingest_makes_one_entry_per_new_report_that_a_follower_pages_through_in_order() {
        assertThat(first.status()).isEqualTo(IngestionRun.Status.COMPLETED);
        List<Map<String, Object>> created = follow(web, before, 7, reportIds.size()).stream()
                .filter(c -> "CREATED".equals(payload(c).get("change"))).toList();
        assertThat(created).extracting(c -> report(c).get("sourceKey")).containsExactlyInAnyOrderElementsOf(reportIds);
        assertThat(created).allSatisfy(c -> {
            assertThat(c.get("kind")).isEqualTo("shortage-report");
            assertThat(c.get("key")).isEqualTo("DSC/" + report(c).get("sourceKey"));
            assertThat(report(c)).containsEntry("version", 1).containsEntry("country", "CA");
        });
        List<Long> positions = created.stream().map(c -> ((Number) c.get("position")).longValue()).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void a_rerun_that_changes_nothing_adds_nothing_to_the_feed() {
        long events = shortageEvents();
        IngestionRun rerun = ingestion.ingest(PAGE, "test");
        assertThat(rerun.id()).isNotEqualTo(first.id());
        assertThat(rerun.unchanged()).isEqualTo(reportIds.size());
        assertThat(shortageEvents()).isEqualTo(events);
    }

    @Test
    void a_new_version_of_a_report_is_an_entry_with_what_changed() throws IOException {
        StatusEdit edit = editStatus(0, "2030-01-02T10:00:00-0500", "search_page1_edited.json");

        Map<String, Object> change = ingestOneUpdate(edit);

        assertThat(payload(change)).containsEntry("change", "UPDATED").containsEntry("changedVersion", 2);
        assertThat(report(change)).containsEntry("version", 2).containsEntry("sourceStatus", edit.status());
        assertThat(nested(payload(change), "changes")).containsKeys("sourceStatus", "sourceUpdated");
    }

    @Test
    void the_entry_of_a_new_report_keeps_its_first_state_after_a_later_version_changed_it() throws IOException {
        StatusEdit edit = editStatus(1, "2031-05-06T10:00:00-0500", "search_page1_second_edit.json");

        Map<String, Object> updated = ingestOneUpdate(edit);

        Map<String, Object> created = follow(web, before, 50, reportIds.size()).stream()
                .filter(c -> edit.id().equals(report(c).get("sourceKey")) && "CREATED".equals(payload(c).get("change")))
                .findFirst().orElseThrow();
        assertThat(report(created)).containsEntry("version", 1).containsEntry("sourceStatus", edit.original());
        assertThat(report(updated)).containsEntry("sourceStatus", edit.status());
        assertThat(((Number) updated.get("position")).longValue())
                .isGreaterThan(((Number) created.get("position")).longValue());
    }

    @Test
    void an_entry_stored_per_report_before_the_feed_grouped_them_is_served_in_order_beside_the_grouped_ones()
            throws IOException {
        // an event as the per-report triggers of migration V41 stored it, before V42 grouped a statement's reports
        long head = head(web);
        jdbc.update("INSERT INTO change_event (kind, entity_key, payload) VALUES ('shortage-report', 'DSC/999999999', "
                + "'{\"change\": \"CREATED\", \"report\": {\"id\": 999999999, \"source\": \"DSC\", "
                + "\"sourceKey\": \"999999999\", \"country\": \"CA\", \"sourceStatus\": \"resolved\", "
                + "\"lifecycle\": \"RESOLVED\", \"listed\": true, \"version\": 1}}'::jsonb)");
        StatusEdit edit = editStatus(2, "2032-03-04T10:00:00-0500", "search_page1_third_edit.json");
        IngestionRun run = ingestion.ingest(edit.copy(), "test");
        assertThat(run.updated()).isEqualTo(1);

        List<Map<String, Object>> changes = follow(web, head, 1, 2);

        assertThat(changes).hasSize(2);
        assertThat(changes.get(0)).containsEntry("key", "DSC/999999999");
        assertThat(report(changes.get(0))).containsEntry("sourceKey", "999999999").containsEntry("version", 1);
        assertThat(changes.get(1)).containsEntry("key", "DSC/" + edit.id());
        assertThat(payload(changes.get(1))).containsEntry("change", "UPDATED");
        assertThat(((Number) changes.get(1).get("position")).longValue())
                .isEqualTo(((Number) changes.get(0).get("position")).longValue() + 1);
    }

    @Test
    void a_partner_limited_to_its_own_sites_sees_the_shortage_reports_because_they_are_public() {
        WebTestClient partner = web.mutate().defaultHeaders(h -> h.setBearerAuth(issuer.mint("ca-partner",
                List.of("read"), "CA", null, List.of("NESS-NAT"), Duration.ofMinutes(5)))).build();
        List<Map<String, Object>> seen = follow(partner, before, 9, reportIds.size());
        assertThat(seen).extracting(c -> report(c).get("sourceKey")).containsAll(reportIds);
    }

    private long shortageEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM change_event WHERE kind = 'shortage-report'", Long.class);
    }

    /** Pages through the feed after a position, {@code limit} at a time, until it holds at least {@code count}. */
    private static List<Map<String, Object>> follow(WebTestClient client, long after, int limit, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        List<Map<String, Object>> changes = new ArrayList<>();
        long cursor = after;
        while (true) {
            Map<String, Object> page = client.get().uri("/api/v1/changes?after=" + cursor + "&limit=" + limit)
                    .exchange().expectStatus().isOk()
                    .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult()
                    .getResponseBody();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
            changes.addAll(items.stream().filter(c -> "shortage-report".equals(c.get("kind"))).toList());
            cursor = ((Number) page.get("after")).longValue();
            if (changes.size() >= count || System.nanoTime() > deadline) {
                assertThat(changes).hasSizeGreaterThanOrEqualTo(count);
                return changes;
            }
            if (items.isEmpty()) {
                pause();
            }
        }
    }

    private static long head(WebTestClient client) {
        Map<String, Object> head = client.get().uri("/api/v1/changes/head").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
        return ((Number) head.get("position")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Map<String, Object> change) {
        return (Map<String, Object>) change.get("payload");
    }

    private static Map<String, Object> report(Map<String, Object> change) {
        return nested(payload(change), "report");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A copy of the search page with the status of its report at {@code index} switched and its update date set. */
    private StatusEdit editStatus(int index, String updated, String file) throws IOException {
        JsonNode page = JSON.readTree(PAGE.toFile());
        ObjectNode report = (ObjectNode) page.path("data").get(index);
        String original = report.path("status").asString();
        String status = original.equals("resolved") ? "active_confirmed" : "resolved";
        report.put("status", status);
        report.put("updated_date", updated);
        Path copy = work.resolve(file);
        JSON.writeValue(copy.toFile(), page);
        return new StatusEdit(report.path("id").asString(), original, status, copy);
    }

    /** Ingests an edited copy that updates one report and returns that report's feed entry. */
    private Map<String, Object> ingestOneUpdate(StatusEdit edit) {
        long head = head(web);
        IngestionRun run = ingestion.ingest(edit.copy(), "test");
        assertThat(run.updated()).isEqualTo(1);
        return follow(web, head, 10, 1).stream()
                .filter(c -> edit.id().equals(report(c).get("sourceKey"))).findFirst().orElseThrow();
    }

    private record StatusEdit(String id, String original, String status, Path copy) {
    }
}
