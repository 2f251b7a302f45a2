package org.stockbridge.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.stockbridge.batch.BatchTestApplication;
import org.stockbridge.domain.shortage.ShortageSource;
import org.stockbridge.infra.testing.DatabaseTest;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * Whether another run has stored reports of a source since a step began: what lets a first ingest keep looking up
 * only the keys it wrote itself.
 */
@DatabaseTest
@SpringBootTest(classes = BatchTestApplication.class)
class IngestionRunsIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    IngestionRuns runs;
    @Autowired
    JdbcTemplate jdbc;

    long self;
    Timestamp since;

    @BeforeEach
    void aRunningFirstIngest() {
        jdbc.update("DELETE FROM ingestion_run");
        self = run("DSC", "RUNNING", 5000, null);
        since = jdbc.queryForObject("SELECT now() - interval '1 minute'", Timestamp.class);
    }

    private long run(String source, String status, long inserted, String finished) {
        return jdbc.queryForObject("INSERT INTO ingestion_run (file_name, file_path, sha256, size_bytes, format, "
                + "source, status, read_count, inserted_count, finished_at) VALUES ('f.csv', 'uploads/f.csv', "
                + "repeat('a', 64), 1, 'DSC_API_CSV', ?, ?, ?, ?, ?::timestamptz) RETURNING id", Long.class,
                source, status, inserted, inserted, finished);
    }

    @Test
    void the_run_itself_and_runs_of_other_sources_do_not_count() {
        run("FDA", "RUNNING", 100, null);
        assertThat(runs.othersInserted(self, ShortageSource.DSC, since)).isFalse();
    }

    @Test
    void a_run_of_the_same_source_still_running_with_reports_inserted_counts() {
        run("DSC", "RUNNING", 1, null);
        assertThat(runs.othersInserted(self, ShortageSource.DSC, since)).isTrue();
    }

    @Test
    void a_run_of_the_same_source_that_inserted_nothing_does_not_count() {
        run("DSC", "RUNNING", 0, null);
        run("DSC", "COMPLETED", 0, "now()");
        assertThat(runs.othersInserted(self, ShortageSource.DSC, since)).isFalse();
    }

    @Test
    void a_run_that_ended_after_the_step_began_counts_and_one_that_ended_before_does_not() {
        run("DSC", "COMPLETED", 10, "2020-01-01T00:00:00Z");
        run("DSC", "FAILED", 10, "2020-01-02T00:00:00Z");
        assertThat(runs.othersInserted(self, ShortageSource.DSC, since)).isFalse();
        run("DSC", "FAILED", 10, jdbc.queryForObject("SELECT now()::text", String.class));
        assertThat(runs.othersInserted(self, ShortageSource.DSC, since)).isTrue();
    }
}
