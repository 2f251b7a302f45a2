package org.stockbridge.api.shortage;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.infra.testing.SpringTestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Files uploaded through the API, ingested off the event loop, then read back as shortage reports. */
@ApiIntegrationTest
class ShortageApiIntegrationTests {

    static final Path DATA = Path.of("../data/real");
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final Path UPLOADS = Path.of(System.getProperty("java.io.tmpdir"), "stockbridge-uploads-" + UUID.randomUUID());

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
        registry.add("stockbridge.ingest.upload-directory", UPLOADS::toString);
    }

    @org.junit.jupiter.api.AfterAll
    void removeUploads() throws java.io.IOException {
        if (java.nio.file.Files.isDirectory(UPLOADS)) {
            try (var files = java.nio.file.Files.walk(UPLOADS)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(file);
                }
            }
        }
    }

    @Autowired
    WebTestClient web;

    @Autowired
    MeterRegistry meters;

    JsonNode december;
    JsonNode may;
    JsonNode fda;
    JsonNode voluntary;
    /** The freshness as it was stated before the FDA list was ingested. */
    JsonNode beforeFda;

    @BeforeAll
    void upload() throws InterruptedException {
        voluntary = complete(upload("dsc-export-pipitone/drugshortages.ca-manual_2013-2017.csv",
                UUID.randomUUID().toString()));
        december = complete(upload("dsc-export-snapshots-pipitone/export_2017-12-11.csv", UUID.randomUUID().toString()));
        may = complete(upload("dsc-export-snapshots-pipitone/export_2018-05-17.csv", UUID.randomUUID().toString()));
        beforeFda = JSON.readTree(web.get().uri("/api/v1/shortage-reports/freshness").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        fda = complete(upload("openfda-drug-shortages/drug-shortages-0001-of-0001_2026-03-27.json",
                UUID.randomUUID().toString()));
    }

    private WebTestClient.ResponseSpec post(String file, String key) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("file", new FileSystemResource(DATA.resolve(file)));
        WebTestClient.RequestBodySpec request = web.post().uri("/api/v1/ingestions")
                .contentType(MediaType.MULTIPART_FORM_DATA);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.body(BodyInserters.fromMultipartData(body.build())).exchange();
    }

    private long upload(String file, String key) {
        byte[] body = post(file, key).expectStatus().isAccepted().expectHeader().exists("Location")
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(body).path("id").asLong();
    }

    private JsonNode complete(long id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = JSON.readTree(web.get().uri("/api/v1/ingestions/{id}", id).exchange()
                    .expectStatus().isOk().expectBody().returnResult().getResponseBody());
            JsonNode counts = run.path("counts");
            assertThat(counts.path("read").asLong()).isEqualTo(counts.path("inserted").asLong()
                    + counts.path("updated").asLong() + counts.path("unchanged").asLong()
                    + counts.path("rejected").asLong());
            if (run.path("status").asString().equals("COMPLETED") || run.path("status").asString().equals("FAILED")) {
                assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("COMPLETED");
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("ingestion run " + id + " did not finish");
    }

    @Test
    void an_uploaded_file_runs_to_completion_with_its_counts() {
        assertThat(december.path("format").asString()).isEqualTo("DSC_EXPORT_2017");
        assertThat(december.path("counts").path("read").asLong()).isEqualTo(3647 + 523);
        assertThat(may.path("counts").path("updated").asLong()).isPositive();
        assertThat(fda.path("snapshotDate").asString()).isEqualTo("2026-03-27");
        // the runs and their rows are counted for the operator (the scrape's stockbridge_ingestion_* series); the
        // last run's count may land just after its status, so the two runs before it are what is certain
        assertThat(meters.get("stockbridge.ingestion.runs").tag("status", "completed").timer().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(meters.get("stockbridge.ingestion.rows").tag("outcome", "updated").counter().count())
                .isGreaterThanOrEqualTo(may.path("counts").path("updated").asLong());
        assertThat(meters.get("stockbridge.ingestion.rows").tag("outcome", "inserted").counter().count())
                .isGreaterThanOrEqualTo(december.path("counts").path("inserted").asLong()).isPositive();
    }

    @Test
    void the_same_upload_with_the_same_key_replays_the_response() {
        String key = UUID.randomUUID().toString();
        long first = upload("dsc-api-search-pages-rdrugshortages/search_empty_result.json", key);
        post("dsc-api-search-pages-rdrugshortages/search_empty_result.json", key).expectStatus().isAccepted()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().jsonPath("$.id").isEqualTo(first);
    }

    @Test
    void an_upload_without_an_idempotency_key_or_in_no_known_format_is_refused() {
        post("dsc-export-pipitone/cleanmeds.csv", null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/invalid-request");
        post("dsc-export-pipitone/cleanmeds.csv", UUID.randomUUID().toString()).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.type").isEqualTo("https://stockbridge.dev/problems/unrecognised-format")
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("cleanmeds.csv"));
    }

    @Test
    void reports_filter_by_country_lifecycle_din_ndc_atc_and_active_date() {
        web.get().uri("/api/v1/shortage-reports?country=CA&din=01963937&limit=5").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].sourceKey").isEqualTo("28240")
                .jsonPath("$.items[0].lifecycle").isEqualTo("ACTIVE");
        web.get().uri("/api/v1/shortage-reports?country=US&ndc=0409-6695-02").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].country").isEqualTo("US")
                .jsonPath("$.items[0].packageNdc").isEqualTo("0409-6695-02");
        web.get().uri("/api/v1/shortage-reports?atc=B05&lifecycle=active,resolved&limit=500").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.items[*].atcCode").value(codes -> assertThat(codes.toString()).doesNotContain("N02"))
                .jsonPath("$.items.length()").value(n -> assertThat((Integer) n).isPositive());
        web.get().uri("/api/v1/shortage-reports?activeOn=2017-12-01&country=CA&limit=2").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.nextCursor").exists();
        web.get().uri("/api/v1/shortage-reports?lifecycle=later").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("lifecycle");
    }

    @Test
    void the_ingredient_filter_matches_its_text_literally_with_wildcards_and_backslashes_as_characters() {
        web.get().uri("/api/v1/shortage-reports?ingredient={i}", "dextrose").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").value(n -> assertThat((Integer) n).isPositive());
        for (String literal : List.of("dextr\\ose", "dextros\\", "dex_rose", "dex%rose")) {
            web.get().uri("/api/v1/shortage-reports?ingredient={i}", literal).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.items.length()").isEqualTo(0);
        }
    }

    @Test
    void one_report_shows_its_version_history_with_what_changed() {
        JsonNode page = JSON.readTree(web.get().uri("/api/v1/shortage-reports?din=01963937&country=CA").exchange()
                .expectBody().returnResult().getResponseBody());
        long id = page.path("items").path(0).path("id").asLong();
        web.get().uri("/api/v1/shortage-reports/{id}", id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.versions[0].kind").isEqualTo("UPDATED")
                .jsonPath("$.versions[0].changes.actualStart[1]").isEqualTo("2017-11-03")
                .jsonPath("$.versions[1].kind").isEqualTo("CREATED")
                .jsonPath("$.report.sourceStatus").isEqualTo("active_confirmed")
                .jsonPath("$.details.packaging").isEqualTo("500mL 1000mL 2000mL 4000mL");
        web.get().uri("/api/v1/shortage-reports/999999999").exchange().expectStatus().isNotFound();
    }

    /** Every report of a list, page after page (by id). */
    private List<JsonNode> all(String query) {
        List<JsonNode> items = new java.util.ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(web.get().uri("/api/v1/shortage-reports?sort=id&limit=500&" + query
                            + (cursor == null ? "" : "&cursor=" + cursor)).exchange().expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody());
            page.path("items").forEach(items::add);
            cursor = page.path("nextCursor").isNull() || page.path("nextCursor").isMissingNode() ? null
                    : page.path("nextCursor").asString();
        } while (cursor != null);
        return items;
    }

    @Test
    void the_summary_counts_only_the_active_reports_of_live_sources() {
        JsonNode summary = JSON.readTree(web.get().uri("/api/v1/shortage-reports/summary").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        Map<String, Long> byCountry = new java.util.HashMap<>();
        summary.path("activeByCountry").forEach(c -> byCountry.put(c.path("country").asString(),
                c.path("reports").asLong()));
        long dscActive = all("source=DSC&lifecycle=ACTIVE").stream().filter(r -> r.path("listed").asBoolean())
                .count();
        List<JsonNode> archived = all("source=DRUGSHORTAGES_CA&lifecycle=ARCHIVED");
        assertThat(dscActive).isPositive();
        assertThat(byCountry.get("CA")).as("Canada's active shortages are DSC's alone").isEqualTo(dscActive);
        assertThat(all("source=DRUGSHORTAGES_CA&lifecycle=ACTIVE,ANTICIPATED,TO_BE_DISCONTINUED")).isEmpty();
        assertThat(archived).isNotEmpty().allSatisfy(r -> {
            assertThat(r.path("sourceStatus").asString()).isEqualTo("Current");
            assertThat(r.path("listed").asBoolean()).isFalse();
            assertThat(r.path("delistedOn").asString()).isEqualTo("2017-03-14");
        });
        assertThat(voluntary.path("counts").path("closed").asLong()).isEqualTo(archived.size());
    }

    @Test
    void an_archived_shortage_is_in_effect_from_its_start_until_its_source_ended() {
        assertThat(all("source=DRUGSHORTAGES_CA&activeOn=2016-01-04")).isNotEmpty()
                .anyMatch(r -> r.path("lifecycle").asString().equals("ARCHIVED"));
        assertThat(all("source=DRUGSHORTAGES_CA&activeOn=2017-03-14")).isEmpty();
    }

    @Test
    void freshness_states_each_source_s_newest_report_or_snapshot_from_what_was_ingested() {
        List<JsonNode> dsc = all("source=DSC");
        String newestDsc = dsc.stream().map(r -> r.path("sourceCreated").asString(""))
                .max(String::compareTo).orElseThrow();
        String newestVoluntary = all("source=DRUGSHORTAGES_CA").stream().map(r -> r.path("sourceCreated").asString(""))
                .max(String::compareTo).orElseThrow();
        String snapshot = fda.path("snapshotDate").asString();
        JsonNode freshness = JSON.readTree(web.get().uri("/api/v1/shortage-reports/freshness").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(freshness.path("statement").asString())
                .isEqualTo("DSC reports up to " + newestDsc + ", FDA list of " + snapshot);
        Map<String, JsonNode> sources = new java.util.HashMap<>();
        freshness.path("sources").forEach(f -> sources.put(f.path("source").asString(), f));
        assertThat(sources.get("DSC").path("reportsUpTo").asString()).isEqualTo(newestDsc);
        assertThat(sources.get("DSC").path("reports").asLong()).isEqualTo(dsc.size());
        assertThat(sources.get("FDA").path("snapshotOf").asString()).isEqualTo(snapshot);
        assertThat(sources.get("DRUGSHORTAGES_CA").path("live").asBoolean()).isFalse();
        assertThat(sources.get("DRUGSHORTAGES_CA").path("statement").asString())
                .isEqualTo("drugshortages.ca reports up to " + newestVoluntary + " (ended 2017-03-14)");
        web.get().uri("/api/v1/shortage-reports/summary").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.freshness.statement").isEqualTo(freshness.path("statement").asString());
    }

    @Test
    void the_freshness_stated_follows_each_ingest() {
        assertThat(beforeFda.path("statement").asString()).startsWith("DSC reports up to ").doesNotContain("FDA");
        assertThat(beforeFda.path("sources").findValuesAsString("source")).doesNotContain("FDA");
        web.get().uri("/api/v1/shortage-reports/freshness").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.statement").isEqualTo(beforeFda.path("statement").asString() + ", FDA list of "
                        + fda.path("snapshotDate").asString());
    }

    @Test
    void the_list_and_each_report_state_how_fresh_the_sources_are_as_the_summary_does() {
        JsonNode freshness = JSON.readTree(web.get().uri("/api/v1/shortage-reports/freshness").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        JsonNode page = JSON.readTree(web.get().uri("/api/v1/shortage-reports?country=CA&limit=5").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(page.path("freshness")).isEqualTo(freshness);
        assertThat(page.path("freshness").path("statement").asString()).contains("DSC reports up to ", "FDA list of ");
        JsonNode empty = JSON.readTree(web.get().uri("/api/v1/shortage-reports?din=99999999").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(empty.path("items").size()).isZero();
        assertThat(empty.path("freshness")).as("an empty page still says what it was read from").isEqualTo(freshness);
        JsonNode report = JSON.readTree(web.get().uri("/api/v1/shortage-reports/{id}",
                page.path("items").path(0).path("id").asLong()).exchange().expectStatus().isOk().expectBody()
                .returnResult().getResponseBody());
        assertThat(report.path("freshness")).isEqualTo(freshness);
    }

    @Test
    void the_list_is_newest_first_by_last_update_at_the_source_across_pages() {
        List<String> days = new java.util.ArrayList<>();
        List<Long> ids = new java.util.ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 3; page++) {
            JsonNode body = JSON.readTree(web.get().uri("/api/v1/shortage-reports?country=CA&limit=200"
                            + (cursor == null ? "" : "&cursor=" + cursor)).exchange().expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody());
            body.path("items").forEach(r -> {
                days.add(r.path("sourceUpdated").isNull() ? r.path("sourceCreated").asString("")
                        : r.path("sourceUpdated").asString());
                ids.add(r.path("id").asLong());
            });
            cursor = body.path("nextCursor").asString();
        }
        assertThat(days).hasSize(600).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(ids).doesNotHaveDuplicates();
        for (int i = 1; i < ids.size(); i++) {
            if (days.get(i).equals(days.get(i - 1))) {
                assertThat(ids.get(i)).as("ties newest id first").isLessThan(ids.get(i - 1));
            }
        }
        JsonNode byId = JSON.readTree(web.get().uri("/api/v1/shortage-reports?sort=id&limit=50").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        List<Long> ascending = new java.util.ArrayList<>();
        byId.path("items").forEach(r -> ascending.add(r.path("id").asLong()));
        assertThat(ascending).hasSize(50).isSorted();
        web.get().uri("/api/v1/shortage-reports?sort=id&cursor={c}", cursor).exchange().expectStatus()
                .isBadRequest().expectBody().jsonPath("$.parameter").isEqualTo("cursor");
        web.get().uri("/api/v1/shortage-reports?sort=oldest").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("sort");
    }

    @Test
    void the_summary_counts_active_reports_per_country_and_new_reports_per_month() {
        JsonNode summary = JSON.readTree(web.get().uri("/api/v1/shortage-reports/summary").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        Map<String, Long> byCountry = new java.util.HashMap<>();
        summary.path("activeByCountry").forEach(c -> byCountry.put(c.path("country").asString(),
                c.path("reports").asLong()));
        assertThat(byCountry).containsKeys("CA", "US");
        assertThat(summary.path("activeByAtcClass").size()).isPositive();
        assertThat(summary.path("newPerMonth").size()).isPositive();
    }
}
