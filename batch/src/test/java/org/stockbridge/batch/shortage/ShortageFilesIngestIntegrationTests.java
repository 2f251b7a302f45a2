package org.stockbridge.batch.shortage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.stockbridge.batch.BatchTestApplication;
import org.stockbridge.batch.format.UnrecognisedFormatException;
import org.stockbridge.batch.ingest.Ingestion;
import org.stockbridge.batch.ingest.IngestionRun;
import org.stockbridge.batch.ingest.SourceFile;
import org.stockbridge.batch.reference.ReferenceDataLoader;
import org.stockbridge.domain.shortage.ShortageSource;
import org.stockbridge.infra.testing.DatabaseTest;
import org.stockbridge.infra.testing.SpringTestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every real shortage file and the DPD catalogue, ingested in the order they were published, with counts taken from
 * the files themselves; then edited copies for the snapshot close and the reject table.
 */
@DatabaseTest
@SpringBootTest(classes = BatchTestApplication.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShortageFilesIngestIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    Ingestion ingestion;
    @Autowired
    ReferenceDataLoader reference;
    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path temp;

    @BeforeAll
    void catalogue() {
        reference.load(RealFiles.DATA);
        assertCompleted(ingestion.ingest(RealFiles.DPD_PRODUCTS, "test"), RealFiles.csv(RealFiles.DPD_PRODUCTS).size());
        assertCompleted(ingestion.ingest(RealFiles.DPD_INGREDIENTS, "test"),
                RealFiles.csv(RealFiles.DPD_INGREDIENTS).size());
    }

    private static IngestionRun assertCompleted(IngestionRun run, long expectedRead) {
        assertThat(run.status()).as(String.valueOf(run.message())).isEqualTo(IngestionRun.Status.COMPLETED);
        assertThat(run.read()).isEqualTo(expectedRead);
        assertThat(run.read()).isEqualTo(run.inserted() + run.updated() + run.unchanged() + run.rejected());
        return run;
    }

    @Test
    @Order(1)
    void the_dpd_catalogue_keys_every_din_by_its_active_moieties() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dpd_product", Long.class))
                .isEqualTo(RealFiles.csv(RealFiles.DPD_PRODUCTS).size());
        assertThat(jdbc.queryForObject("SELECT moieties FROM dpd_product WHERE din = '00000019'", String.class))
                .isEqualTo("ETHCHLORVYNOL");
    }

    @Test
    @Order(2)
    void the_voluntary_era_records_are_kept_as_drugshortages_ca_reports() {
        List<CSVRecord> rows = RealFiles.csv(RealFiles.MANUAL);
        IngestionRun run = assertCompleted(ingestion.ingest(RealFiles.MANUAL, "test"), rows.size());
        long current = rows.stream().filter(r -> r.get("outcome").equals("Current")
                && !r.get("discontinued").equals("Yes")).count();
        assertThat(run.inserted() + run.updated() + run.unchanged()).isEqualTo(rows.size() - run.rejected());
        // the source ended on 2017-03-14: what it left open is archived on that day, its last status kept
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE source = 'DRUGSHORTAGES_CA' "
                + "AND lifecycle IN ('ANTICIPATED', 'ACTIVE', 'TO_BE_DISCONTINUED')", Long.class)).isZero();
        Map<String, Object> archived = jdbc.queryForMap("SELECT count(*) AS n, min(source_status) AS first_status, "
                + "max(source_status) AS last_status, min(delisted_on)::text AS first_day, "
                + "max(delisted_on)::text AS last_day, bool_or(listed) AS any_listed FROM shortage_report "
                + "WHERE source = 'DRUGSHORTAGES_CA' AND lifecycle = 'ARCHIVED'");
        assertThat((Long) archived.get("n")).isLessThanOrEqualTo(current).isPositive();
        assertThat(archived).containsEntry("first_status", "Current").containsEntry("last_status", "Current")
                .containsEntry("first_day", "2017-03-14").containsEntry("last_day", "2017-03-14")
                .containsEntry("any_listed", false);
        assertThat(run.closed()).isEqualTo(archived.get("n"));
        // each keeps its history: a version says what the archive changed
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report_version v JOIN shortage_report r "
                + "ON r.id = v.report_id WHERE r.source = 'DRUGSHORTAGES_CA' AND v.kind = 'ARCHIVED' "
                + "AND v.run_id = ? AND v.changes = '{\"lifecycle\": [\"ACTIVE\", \"ARCHIVED\"], "
                + "\"listed\": [\"true\", \"false\"], \"delistedOn\": [null, \"2017-03-14\"]}'::jsonb",
                Long.class, run.id())).isEqualTo(archived.get("n"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report_version v JOIN shortage_report r "
                + "ON r.id = v.report_id WHERE r.source = 'DRUGSHORTAGES_CA' AND r.lifecycle <> 'ARCHIVED' "
                + "AND v.kind = 'ARCHIVED'", Long.class)).as("reports closed at the source are left as they are")
                .isZero();
    }

    @Test
    @Order(3)
    void the_2017_snapshot_reads_both_sections_with_api_status_codes() {
        List<CSVRecord> rows = RealFiles.sectionRows(RealFiles.SNAPSHOT_2017, r -> true);
        long discontinuations = rows.stream().filter(r -> r.get(2).trim().equals("Discontinuation")).count();
        IngestionRun run = assertCompleted(ingestion.ingest(RealFiles.SNAPSHOT_2017, "test"), rows.size());
        assertThat(discontinuations).isPositive();
        assertThat(run.rejected()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE report_type = 'DISCONTINUATION' "
                + "AND last_run_id = ?", Long.class, run.id())).isEqualTo(discontinuations);
        assertThat(jdbc.queryForObject("SELECT brand_name FROM shortage_report WHERE source_key = '4990'", String.class))
                .as("double-escaped HTML entities are decoded").isEqualTo("AC&C TABLETS");
    }

    @Test
    @Order(4)
    void the_2017_export_updates_what_the_snapshot_already_had() {
        List<CSVRecord> rows = RealFiles.csv(RealFiles.EXPORT_2017);
        IngestionRun run = assertCompleted(ingestion.ingest(RealFiles.EXPORT_2017, "test"), rows.size());
        assertThat(run.unchanged() + run.updated()).isPositive();
        assertThat(jdbc.queryForObject("SELECT actual_start FROM shortage_report WHERE source_key = '28240'",
                Object.class)).as("the typo date 0201-11-03 is no date").isNull();
    }

    @Test
    @Order(5)
    void the_2018_snapshot_in_display_labels_corrects_a_report_as_a_new_version() {
        List<CSVRecord> rows = RealFiles.sectionRows(RealFiles.SNAPSHOT_2018, r -> true);
        IngestionRun run = assertCompleted(ingestion.ingest(RealFiles.SNAPSHOT_2018, "test"), rows.size());
        assertThat(run.updated()).isPositive();
        assertThat(jdbc.queryForObject("SELECT actual_start::text FROM shortage_report WHERE source_key = '28240'",
                String.class)).isEqualTo("2017-11-03");
        Map<String, Object> version = jdbc.queryForMap("SELECT v.kind, v.changes->'actualStart'->>1 AS after "
                + "FROM shortage_report_version v JOIN shortage_report r ON r.id = v.report_id "
                + "WHERE r.source_key = '28240' AND v.run_id = ?", run.id());
        assertThat(version).containsEntry("kind", "UPDATED").containsEntry("after", "2017-11-03");
        assertThat(jdbc.queryForObject("SELECT source_status FROM shortage_report WHERE source_key = '28240'",
                String.class)).as("the display label is kept as its API code").isEqualTo("active_confirmed");
    }

    @Test
    @Order(6)
    void the_api_search_pages_and_report_array_are_read_object_by_object() {
        for (Path page : List.of(RealFiles.PAGE_1, RealFiles.PAGE_2)) {
            assertCompleted(ingestion.ingest(page, "test"), RealFiles.json(page).path("data").size());
        }
        assertCompleted(ingestion.ingest(RealFiles.EMPTY_PAGE, "test"), 0);
        JsonNode raw = RealFiles.json(RealFiles.RAW_JSON);
        IngestionRun run = assertCompleted(ingestion.ingest(RealFiles.RAW_JSON, "test"), raw.size());
        assertThat(run.rejected()).isZero();
        assertThat(jdbc.queryForObject("SELECT ingredients FROM shortage_report WHERE source_key = '107551'",
                String.class)).isEqualTo("AMYLASE; PROTEASE; LIPASE");
    }

    @Test
    @Order(7)
    void the_2023_export_keeps_tier_3_and_older_records_do_not_turn_back_newer_reports() {
        List<CSVRecord> rows = RealFiles.csv(RealFiles.EXPORT_2023);
        IngestionRun run = assertCompleted(ingestion.ingest(RealFiles.EXPORT_2023, "test"), rows.size());
        long tier3 = rows.stream().filter(r -> r.get("Tier 3").equals("Yes")).count();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE tier3 AND last_run_id = ?",
                Long.class, run.id())).isEqualTo(tier3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE source_key = '179915' "
                + "AND ingredients = 'DEXTROSE; LIDOCAINE HYDROCHLORIDE'", Long.class)).isEqualTo(1);
    }

    @Test
    @Order(8)
    void canadian_reports_link_to_catalogue_products_by_din_and_the_rest_are_counted() {
        IngestionRun run = assertCompleted(ingestion.ingest(RealFiles.SNAPSHOT_2018, "test"),
                RealFiles.sectionRows(RealFiles.SNAPSHOT_2018, r -> true).size());
        assertThat(run.linked()).isPositive();
        assertThat(run.unmatched()).isPositive();
        assertThat(run.linked() + run.unmatched()).isEqualTo(jdbc.queryForObject(
                "SELECT count(*) FROM shortage_report WHERE last_run_id = ?", Long.class, run.id()));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report_link WHERE match_method = 'DIN'",
                Long.class)).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report_link l JOIN shortage_report r "
                + "ON r.id = l.report_id JOIN product_identifier i ON i.product_id = l.product_id AND i.system = 'DIN' "
                + "WHERE l.match_method = 'DIN' AND i.value <> r.din", Long.class)).isZero();
    }

    @Test
    @Order(9)
    void the_fda_file_links_by_ndc_and_a_newer_snapshot_closes_what_it_no_longer_lists() throws IOException {
        JsonNode file = RealFiles.json(RealFiles.OPENFDA);
        int records = file.path("results").size();
        IngestionRun first = assertCompleted(ingestion.ingest(RealFiles.OPENFDA, "test"), records);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT report_id) FROM shortage_report_link l JOIN shortage_report r "
                + "ON r.id = l.report_id WHERE r.source = 'FDA' AND l.match_method IN ('PACKAGE_NDC', 'PRODUCT_NDC')",
                Long.class)).isPositive();
        long reports = jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE source = 'FDA'", Long.class);
        assertThat(first.inserted()).isEqualTo(reports);

        ObjectNode newer = (ObjectNode) JsonMapper.builder().build().readTree(RealFiles.OPENFDA.toFile());
        ((ObjectNode) newer.path("meta")).put("last_updated", "2026-06-19");
        ArrayNode results = (ArrayNode) newer.path("results");
        java.util.Set<String> removed = new java.util.LinkedHashSet<>();
        for (JsonNode record : results) {
            if (removed.size() < 25) {
                removed.add(record.path("package_ndc").asString());
            }
        }
        int before = results.size();
        for (int i = results.size() - 1; i >= 0; i--) {
            if (removed.contains(results.get(i).path("package_ndc").asString())) {
                results.remove(i);
            }
        }
        int kept = results.size();
        long closing = jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE source = 'FDA' "
                + "AND package_ndc = ANY (?)", Long.class, (Object) removed.toArray(new String[0]));
        assertThat(kept).isLessThan(before);
        Path copy = temp.resolve("drug-shortages-2026-06-19.json");
        Files.writeString(copy, newer.toString(), StandardCharsets.UTF_8);
        IngestionRun second = assertCompleted(ingestion.ingest(copy, "test"), kept);
        assertThat(second.unchanged()).isEqualTo(kept);
        assertThat(second.closed()).isEqualTo(closing).isGreaterThanOrEqualTo(25);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE source = 'FDA'", Long.class))
                .as("closed reports are kept").isEqualTo(reports);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE source = 'FDA' AND NOT listed "
                + "AND delisted_on = DATE '2026-06-19' AND package_ndc = ANY (?)", Long.class,
                (Object) removed.toArray(new String[0]))).isEqualTo(closing);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report_version WHERE kind = 'DELISTED' "
                + "AND run_id = ?", Long.class, second.id())).isEqualTo(closing);

        IngestionRun again = assertCompleted(ingestion.ingest(RealFiles.OPENFDA, "test"), records);
        assertThat(again.closed()).as("the older snapshot closes nothing").isZero();
        assertThat(again.updated()).as("and relists nothing").isZero();

        ObjectNode later = (ObjectNode) JsonMapper.builder().build().readTree(RealFiles.OPENFDA.toFile());
        ((ObjectNode) later.path("meta")).put("last_updated", "2026-07-01");
        Path relisting = temp.resolve("drug-shortages-2026-07-01.json");
        Files.writeString(relisting, later.toString(), StandardCharsets.UTF_8);
        IngestionRun third = assertCompleted(ingestion.ingest(relisting, "test"), records);
        assertThat(third.updated()).as("a newer snapshot listing them again relists them").isEqualTo(closing);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report_version WHERE kind = 'RELISTED' "
                + "AND run_id = ?", Long.class, third.id())).isEqualTo(closing);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE source = 'FDA' AND NOT listed",
                Long.class)).isZero();
    }

    @Test
    @Order(10)
    void a_report_first_read_in_a_snapshot_older_than_one_already_read_is_closed_on_the_newer_snapshots_date()
            throws IOException {
        ObjectNode newer = (ObjectNode) JsonMapper.builder().build().readTree(RealFiles.OPENFDA.toFile());
        ((ObjectNode) newer.path("meta")).put("last_updated", "2026-08-01");
        Path newerCopy = temp.resolve("drug-shortages-2026-08-01.json");
        Files.writeString(newerCopy, newer.toString(), StandardCharsets.UTF_8);
        assertCompleted(ingestion.ingest(newerCopy, "test"), newer.path("results").size());

        ObjectNode older = (ObjectNode) JsonMapper.builder().build().readTree(RealFiles.OPENFDA.toFile());
        ((ObjectNode) older.path("meta")).put("last_updated", "2026-07-15");
        ArrayNode results = (ArrayNode) older.path("results");
        ObjectNode unseen = ((ObjectNode) results.get(0)).deepCopy();
        unseen.put("package_ndc", "9999-9999-99");
        results.add(unseen);
        Path olderCopy = temp.resolve("drug-shortages-2026-07-15.json");
        Files.writeString(olderCopy, older.toString(), StandardCharsets.UTF_8);
        IngestionRun run = assertCompleted(ingestion.ingest(olderCopy, "test"), results.size());

        assertThat(run.inserted()).isEqualTo(1);
        assertThat(run.closed()).as("only the report the newer snapshot did not list").isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT listed, delisted_on::text AS delisted_on, version FROM shortage_report "
                + "WHERE source = 'FDA' AND package_ndc = '9999-9999-99'"))
                .containsEntry("listed", false).containsEntry("delisted_on", "2026-08-01").containsEntry("version", 2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report_version WHERE kind = 'DELISTED' "
                + "AND run_id = ?", Long.class, run.id())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE source = 'FDA' AND NOT listed "
                + "AND package_ndc <> '9999-9999-99'", Long.class)).isZero();

        // the older run interrupted before its closing while the newer snapshot, run meanwhile, saw the report: it
        // stays listed when the older run closes at last
        jdbc.update("UPDATE shortage_report SET listed = true, delisted_on = NULL, last_snapshot = DATE '2026-08-01' "
                + "WHERE source = 'FDA' AND package_ndc = '9999-9999-99'");
        long closedAgain = new SnapshotClosing(jdbc.getDataSource()).close(ShortageSource.FDA, run.id(),
                java.time.LocalDate.parse("2026-07-15"));
        assertThat(closedAgain).isZero();
        assertThat(jdbc.queryForObject("SELECT listed FROM shortage_report WHERE source = 'FDA' "
                + "AND package_ndc = '9999-9999-99'", Boolean.class)).isTrue();
        jdbc.update("UPDATE shortage_report SET listed = false, delisted_on = DATE '2026-08-01', "
                + "last_snapshot = DATE '2026-07-15' WHERE source = 'FDA' AND package_ndc = '9999-9999-99'");
    }

    @Test
    @Order(11)
    void a_snapshot_record_that_cannot_be_read_still_keeps_the_reports_of_its_package_listed() throws IOException {
        ObjectNode newest = (ObjectNode) JsonMapper.builder().build().readTree(RealFiles.OPENFDA.toFile());
        ((ObjectNode) newest.path("meta")).put("last_updated", "2026-09-01");
        ObjectNode unreadable = (ObjectNode) newest.path("results").get(0);
        String packageNdc = unreadable.path("package_ndc").asString();
        unreadable.remove("status");
        Path copy = temp.resolve("drug-shortages-2026-09-01.json");
        Files.writeString(copy, newest.toString(), StandardCharsets.UTF_8);
        long listed = jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE source = 'FDA' AND listed "
                + "AND package_ndc = ?", Long.class, packageNdc);
        assertThat(listed).isPositive();

        IngestionRun run = assertCompleted(ingestion.ingest(copy, "test"), newest.path("results").size());

        assertThat(run.rejected()).isEqualTo(1);
        assertThat(run.closed()).as("nothing the snapshot lists is closed").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE source = 'FDA' AND listed "
                + "AND package_ndc = ?", Long.class, packageNdc)).isEqualTo(listed);
    }

    @Test
    @Order(12)
    void a_bad_record_goes_to_the_reject_table_with_its_line_and_reason_and_the_rest_is_stored() throws IOException {
        List<String> lines = Files.readAllLines(RealFiles.EXPORT_2023, StandardCharsets.UTF_8);
        List<String> edited = new ArrayList<>(lines);
        edited.set(2, lines.get(2).replace(",Resolved,", ",Lost in the mail,"));
        // a NUL character, which PostgreSQL cannot store as text: the record is refused, not the job
        edited.set(3, lines.get(3).replaceFirst(",", "\u0000,"));
        edited.add("999999999,00828602,Shortage,BROKEN");
        Path copy = temp.resolve("shortage_report_edited.csv");
        Files.write(copy, edited, StandardCharsets.UTF_8);
        IngestionRun run = assertCompleted(ingestion.ingest(copy, "test"), lines.size() - 1 + 1);
        assertThat(run.rejected()).isEqualTo(3);
        List<Map<String, Object>> rejects = jdbc.queryForList("SELECT record_number, line_number, reason, raw "
                + "FROM ingestion_reject WHERE run_id = ? ORDER BY record_number", run.id());
        assertThat(rejects.get(0)).containsEntry("record_number", 2L).containsEntry("line_number", 3L);
        assertThat((String) rejects.get(0).get("reason")).contains("Lost in the mail");
        assertThat((String) rejects.get(0).get("raw")).contains("Lost in the mail");
        assertThat(rejects.get(1)).containsEntry("record_number", 3L).containsEntry("line_number", 4L);
        assertThat((String) rejects.get(1).get("reason")).contains("NUL character");
        String nul = lines.get(3).substring(0, lines.get(3).indexOf(','));
        assertThat((String) rejects.get(1).get("raw")).contains(nul + "\\u0000");
        assertThat((String) rejects.get(2).get("reason")).contains("values where the header has");
    }

    @Test
    @Order(13)
    void a_catalogue_record_with_an_oversized_number_or_a_nul_character_is_refused_and_the_rest_is_stored()
            throws IOException {
        List<String> lines = Files.readAllLines(RealFiles.DPD_PRODUCTS, StandardCharsets.UTF_8).subList(0, 4);
        List<String> edited = new ArrayList<>(lines);
        String[] second = lines.get(2).split(",", 3);
        edited.set(2, second[0] + ",123456789012345678901," + second[2]);
        edited.set(3, lines.get(3).replaceFirst(",Human,", ",Hu\u0000man,"));
        Path copy = temp.resolve("dpd_products_edited.csv");
        Files.write(copy, edited, StandardCharsets.UTF_8);
        IngestionRun run = assertCompleted(ingestion.ingest(copy, "test"), 3);
        assertThat(run.rejected()).isEqualTo(2);
        List<Map<String, Object>> rejects = jdbc.queryForList("SELECT record_number, reason, raw FROM ingestion_reject "
                + "WHERE run_id = ? ORDER BY record_number", run.id());
        assertThat(rejects).extracting(r -> r.get("record_number")).containsExactly(2L, 3L);
        assertThat((String) rejects.get(0).get("reason")).contains("drug_code '123456789012345678901'");
        assertThat((String) rejects.get(1).get("reason")).contains("NUL character");
        assertThat((String) rejects.get(1).get("raw")).contains("Hu\\u0000man");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dpd_product", Long.class))
                .isEqualTo(RealFiles.csv(RealFiles.DPD_PRODUCTS).size());
    }

    @Test
    @Order(14)
    void a_file_in_no_known_format_fails_at_once_and_stores_nothing() {
        long runs = jdbc.queryForObject("SELECT count(*) FROM ingestion_run", Long.class);
        assertThatThrownBy(() -> ingestion.ingest(RealFiles.DATA.resolve("dsc-export-pipitone/cleanmeds.csv"), "test"))
                .isInstanceOf(UnrecognisedFormatException.class).hasMessageContaining("cleanmeds.csv")
                .hasMessageContaining("medication,ATC,category");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ingestion_run", Long.class)).isEqualTo(runs);
    }

    @Test
    @Order(15)
    void a_report_holding_invalid_utf_8_past_the_first_64_kib_is_rejected_with_its_byte_offset_and_the_run_completes()
            throws IOException {
        long records = RealFiles.csv(RealFiles.EXPORT_2023).size();
        assertCompleted(ingestion.ingest(RealFiles.EXPORT_2023, "test"), records);
        byte[] file = Files.readAllBytes(RealFiles.EXPORT_2023);
        Path copy = temp.resolve("shortage_report_invalid_utf8.csv");
        int offset = insertAfterLetter(file, copy, 100_000, ",Shortage,", (byte) 0xC3, (byte) '(');
        String line = new String(file, 0, offset, StandardCharsets.UTF_8);
        String id = line.substring(line.lastIndexOf('\n') + 1, line.indexOf(',', line.lastIndexOf('\n')));

        IngestionRun run = assertCompleted(ingestion.ingest(copy, "test"), records);

        assertThat(run.rejected()).isEqualTo(1);
        assertThat(run.inserted() + run.updated()).as("every other record is read as without the bytes").isZero();
        Map<String, Object> reject = jdbc.queryForMap("SELECT line_number, reason, raw FROM ingestion_reject "
                + "WHERE run_id = ?", run.id());
        assertThat(reject).containsEntry("line_number", line.chars().filter(c -> c == '\n').count() + 1);
        assertThat((String) reject.get("reason")).contains("invalid UTF-8 at byte offset " + offset)
                .contains("Brand name");
        assertThat((String) reject.get("raw")).startsWith(id + ",").contains("\\xC3(");

        IngestionRun again = assertCompleted(ingestion.ingest(copy, "test"), records);
        assertThat(again.id()).isNotEqualTo(run.id());
        assertThat(again.inserted() + again.updated()).as("running the file again changes nothing").isZero();
        assertThat(again.rejected()).isEqualTo(1);
    }

    @Test
    @Order(16)
    void a_json_report_holding_invalid_utf_8_past_the_first_64_kib_is_rejected_and_the_rest_is_stored()
            throws IOException {
        long records = RealFiles.json(RealFiles.RAW_JSON).size();
        assertCompleted(ingestion.ingest(RealFiles.RAW_JSON, "test"), records);
        Path copy = temp.resolve("raw_api_history_invalid_utf8.json");
        int offset = insertAfterLetter(Files.readAllBytes(RealFiles.RAW_JSON), copy, 100_000, "\"name\": \"",
                (byte) 0xFF);

        IngestionRun run = assertCompleted(ingestion.ingest(copy, "test"), records);

        assertThat(run.rejected()).isEqualTo(1);
        assertThat(run.inserted() + run.updated()).as("every other record is read as without the byte").isZero();
        Map<String, Object> reject = jdbc.queryForMap("SELECT reason, raw FROM ingestion_reject WHERE run_id = ?",
                run.id());
        assertThat((String) reject.get("reason")).contains("invalid UTF-8 at byte offset " + offset)
                .contains("drug.company.name");
        assertThat((String) reject.get("raw")).contains("\\xFF").startsWith("{");
    }

    @Test
    @Order(17)
    void a_catalogue_record_holding_invalid_utf_8_past_the_first_64_kib_is_rejected_and_the_rest_is_stored()
            throws IOException {
        List<String> lines = Files.readAllLines(RealFiles.DPD_PRODUCTS, StandardCharsets.UTF_8).subList(0, 2001);
        Path slice = temp.resolve("dpd_products_slice.csv");
        Files.write(slice, lines, StandardCharsets.UTF_8);
        assertCompleted(ingestion.ingest(slice, "test"), 2000);
        Path copy = temp.resolve("dpd_products_invalid_utf8.csv");
        int offset = insertAfterLetter(Files.readAllBytes(slice), copy, 100_000, ",Human,", (byte) 0xE9);
        String line = new String(Files.readAllBytes(slice), 0, offset, StandardCharsets.UTF_8);
        String din = line.substring(line.lastIndexOf('\n') + 1, line.lastIndexOf('\n') + 9);
        String brand = jdbc.queryForObject("SELECT brand_name FROM dpd_product WHERE din = ?", String.class, din);

        IngestionRun run = assertCompleted(ingestion.ingest(copy, "test"), 2000);

        assertThat(run.rejected()).isEqualTo(1);
        assertThat(run.unchanged()).as("every other record is read as without the byte").isEqualTo(1999);
        Map<String, Object> reject = jdbc.queryForMap("SELECT reason, raw FROM ingestion_reject WHERE run_id = ?",
                run.id());
        assertThat((String) reject.get("reason")).contains("invalid UTF-8 at byte offset " + offset)
                .contains("brand_name");
        assertThat((String) reject.get("raw")).startsWith(din + ",").contains("\\xE9");
        assertThat(jdbc.queryForObject("SELECT brand_name FROM dpd_product WHERE din = ?", String.class, din))
                .as("the refused record changes nothing").isEqualTo(brand);
    }

    @Test
    @Order(18)
    void a_later_record_of_an_ended_source_that_reopens_a_report_is_archived_again() throws IOException {
        CSVRecord row = RealFiles.csv(RealFiles.MANUAL).stream().filter(r -> r.get("outcome").equals("Current")
                && r.get("discontinued").equals("No")).findFirst().orElseThrow();
        List<String> header = List.of(Files.readAllLines(RealFiles.MANUAL, StandardCharsets.UTF_8).get(0).split(","));
        List<String> values = new ArrayList<>(row.toList());
        values.set(header.indexOf("last_updated"), "2016-12-01T00:00:00Z");
        Path copy = temp.resolve("drugshortages-later.csv");
        try (var printer = org.apache.commons.csv.CSVFormat.DEFAULT.builder()
                .setHeader(header.toArray(new String[0])).get()
                .print(Files.newBufferedWriter(copy, StandardCharsets.UTF_8))) {
            printer.printRecord(values);
        }

        IngestionRun run = assertCompleted(ingestion.ingest(copy, "test"), 1);

        assertThat(run.updated()).isEqualTo(1);
        assertThat(run.closed()).isEqualTo(1);
        long id = jdbc.queryForObject("SELECT id FROM shortage_report WHERE changed_run_id = ?", Long.class,
                run.id());
        List<Map<String, Object>> versions = jdbc.queryForList("SELECT kind, changes->'lifecycle'->>0 AS before, "
                + "changes->'lifecycle'->>1 AS after FROM shortage_report_version WHERE report_id = ? AND run_id = ? "
                + "ORDER BY version", id, run.id());
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0)).containsEntry("kind", "UPDATED").containsEntry("before", "ARCHIVED")
                .containsEntry("after", "ACTIVE");
        assertThat(versions.get(1)).containsEntry("kind", "ARCHIVED").containsEntry("before", "ACTIVE")
                .containsEntry("after", "ARCHIVED");
        assertThat(jdbc.queryForMap("SELECT lifecycle, listed, delisted_on::text AS day, source_updated::text AS "
                + "updated FROM shortage_report WHERE id = ?", id)).containsEntry("lifecycle", "ARCHIVED")
                .containsEntry("listed", false).containsEntry("day", "2017-03-14")
                .containsEntry("updated", "2016-12-01");
    }

    /**
     * Writes a copy of a file with bytes inserted after the first ASCII letter that follows {@code marker}, searched
     * from byte {@code from}; returns the byte offset of the first inserted byte.
     */
    static int insertAfterLetter(byte[] file, Path copy, int from, String marker, byte... inserted)
            throws IOException {
        String text = new String(file, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(marker, from) + marker.length();
        while (!(text.charAt(at) >= 'A' && text.charAt(at) <= 'Z'
                || text.charAt(at) >= 'a' && text.charAt(at) <= 'z')) {
            at++;
        }
        at++;
        byte[] edited = new byte[file.length + inserted.length];
        System.arraycopy(file, 0, edited, 0, at);
        System.arraycopy(inserted, 0, edited, at, inserted.length);
        System.arraycopy(file, at, edited, at + inserted.length, file.length - at);
        Files.write(copy, edited);
        return at;
    }

    static Map<String, Long> countBy(List<CSVRecord> rows, String column) {
        return rows.stream().collect(Collectors.groupingBy(r -> r.get(column), Collectors.counting()));
    }

    static SourceFile inspect(Path file) {
        return SourceFile.inspect(file);
    }
}
