package org.stockbridge.batch.shortage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.stockbridge.batch.BatchTestApplication;
import org.stockbridge.batch.ingest.Ingestion;
import org.stockbridge.batch.ingest.IngestionRun;
import org.stockbridge.infra.testing.DatabaseTest;
import org.stockbridge.infra.testing.SpringTestDatabase;

/** The 25,100-report DSC API history, ingested once for the class, then again. */
@DatabaseTest
@SpringBootTest(classes = BatchTestApplication.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShortageHistoryIngestIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    Ingestion ingestion;
    @Autowired
    JdbcTemplate jdbc;

    List<CSVRecord> rows;
    IngestionRun first;
    IngestionRun second;

    @BeforeAll
    void ingestTwice() {
        rows = RealFiles.csv(RealFiles.HISTORY);
        first = ingestion.ingest(RealFiles.HISTORY, "test");
        second = ingestion.ingest(RealFiles.HISTORY, "test");
    }

    @Test
    void every_report_of_the_history_is_read_and_stored_once() {
        assertThat(first.status()).as(String.valueOf(first.message())).isEqualTo(IngestionRun.Status.COMPLETED);
        long withDin = rows.stream().filter(r -> !r.get("din").isBlank()).count();
        assertThat(first.read()).isEqualTo(rows.size());
        assertThat(first.read()).isEqualTo(first.inserted() + first.updated() + first.unchanged() + first.rejected());
        assertThat(first.rejected()).isZero();
        assertThat(first.inserted()).isEqualTo(rows.stream().map(r -> r.get("id")).distinct().count());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE source = 'DSC' AND din IS NOT NULL",
                Long.class)).isEqualTo(withDin);
    }

    @Test
    void the_source_statuses_are_kept_and_mapped_to_the_lifecycle() {
        Map<String, Long> expected = rows.stream().collect(Collectors.groupingBy(r -> r.get("status"),
                Collectors.counting()));
        Map<String, Long> stored = jdbc.query("SELECT source_status, count(*) FROM shortage_report GROUP BY 1", rs -> {
            Map<String, Long> m = new java.util.HashMap<>();
            while (rs.next()) {
                m.put(rs.getString(1), rs.getLong(2));
            }
            return m;
        });
        assertThat(stored).isEqualTo(expected);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE lifecycle = 'ACTIVE'", Long.class))
                .isEqualTo(expected.get("active_confirmed"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE lifecycle = 'REVERSED'", Long.class))
                .isEqualTo(expected.get("reversed"));
    }

    @Test
    void sentinel_dates_are_stored_as_no_date() {
        CSVRecord sentinel = rows.stream().filter(r -> r.get("estimated_end_date").startsWith("0001-")
                || r.get("anticipated_start_date").startsWith("0001-")).findFirst().orElseThrow();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE source_key = ? "
                + "AND (estimated_end IS NULL OR anticipated_start IS NULL)", Long.class, sentinel.get("id")))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE extract(year FROM estimated_end) < 1900 "
                + "OR extract(year FROM anticipated_start) < 1900", Long.class)).isZero();
    }

    @Test
    void the_time_of_each_update_is_kept_as_an_instant_beside_its_date() {
        CSVRecord record = rows.stream().filter(r -> r.get("id").equals("2")).findFirst().orElseThrow();
        assertThat(record.get("updated_date")).isEqualTo("2017-10-06T01:09:59-04:00");
        assertThat(jdbc.queryForMap("SELECT source_updated::text AS day, details ->> 'sourceUpdatedAt' AS at "
                + "FROM shortage_report WHERE source = 'DSC' AND source_key = '2'"))
                .containsEntry("day", "2017-10-06").containsEntry("at", "2017-10-06T05:09:59Z");
        long timed = rows.stream().filter(r -> !r.get("updated_date").isBlank()
                && !r.get("updated_date").startsWith("0001-")).count();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report "
                + "WHERE details ->> 'sourceUpdatedAt' IS NOT NULL", Long.class)).isEqualTo(timed);
    }

    @Test
    void a_rerun_of_the_same_file_changes_nothing() {
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.status()).isEqualTo(IngestionRun.Status.COMPLETED);
        assertThat(second.unchanged()).isEqualTo(rows.size());
        assertThat(second.inserted() + second.updated() + second.rejected()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report_version", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT max(version) FROM shortage_report", Integer.class)).isEqualTo(1);
    }
}
