package org.stockbridge.batch.shortage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.stockbridge.batch.BatchTestApplication;
import org.stockbridge.batch.ingest.Ingestion;
import org.stockbridge.batch.ingest.IngestionRun;
import org.stockbridge.infra.database.DatabaseEndpoint;
import org.stockbridge.infra.testing.DatabaseTest;
import org.stockbridge.infra.testing.SpringTestDatabase;
import org.stockbridge.infra.testing.TestDatabaseExtension;

/**
 * A JVM killed during an ingest, then the same file ingested again: the interrupted run resumes from its last
 * committed chunk and ends with every record once. (Both files have unique report ids, so reports = records.)
 */
@DatabaseTest
@SpringBootTest(classes = BatchTestApplication.class, properties = "stockbridge.ingest.chunk-size="
        + ShortageRestartIntegrationTests.CHUNK)
class ShortageRestartIntegrationTests {

    /** Small enough that both files take several chunks. */
    static final int CHUNK = 1500;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    Ingestion ingestion;
    @Autowired
    JdbcTemplate jdbc;

    private int halt(Path file, String mode, int chunk) throws IOException, InterruptedException {
        DatabaseEndpoint db = TestDatabaseExtension.currentEndpoint();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HaltingIngest.class.getName(), db.jdbcUrl(),
                db.username(), db.password() == null ? "" : db.password(), file.toAbsolutePath().toString(), mode,
                String.valueOf(chunk), String.valueOf(CHUNK))
                .inheritIO().start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return process.exitValue();
    }

    private void resumesToCompletion(Path file, long records, long committed) {
        IngestionRun interrupted = jdbc.query("SELECT id FROM ingestion_run ORDER BY id DESC LIMIT 1",
                (rs, n) -> rs.getLong(1)).stream().findFirst().flatMap(id -> new org.stockbridge.batch.ingest
                .IngestionRuns(jdbc.getDataSource()).find(id)).orElseThrow();
        assertThat(interrupted.status()).isEqualTo(IngestionRun.Status.RUNNING);
        assertThat(interrupted.read()).as("counts of committed chunks only").isEqualTo(committed);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE last_run_id = ?", Long.class,
                interrupted.id())).as("reports of committed chunks only").isEqualTo(committed);

        IngestionRun resumed = ingestion.ingest(file, "test");
        assertThat(resumed.id()).isEqualTo(interrupted.id());
        assertThat(resumed.status()).as(String.valueOf(resumed.message())).isEqualTo(IngestionRun.Status.COMPLETED);
        assertThat(resumed.read()).isEqualTo(records);
        assertThat(resumed.inserted() + resumed.updated() + resumed.unchanged()).isEqualTo(records);
        assertThat(resumed.rejected()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE last_run_id = ?", Long.class,
                resumed.id())).as("every record once, no duplicates").isEqualTo(records);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_execution e JOIN batch_job_execution_params p "
                + "ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'run' "
                + "WHERE p.parameter_value = ?", Long.class, String.valueOf(resumed.id()))).isEqualTo(2);
    }

    @Test
    void a_jvm_killed_right_after_a_chunk_commits_resumes_after_that_chunk() throws Exception {
        Path file = RealFiles.SNAPSHOT_2018;
        List<?> records = RealFiles.sectionRows(file, r -> true);
        assertThat(halt(file, "boundary", 1)).isEqualTo(137);
        resumesToCompletion(file, records.size(), CHUNK);
    }

    @Test
    void a_jvm_killed_in_the_middle_of_a_chunk_loses_that_chunk_and_redoes_it() throws Exception {
        Path file = RealFiles.SNAPSHOT_2017;
        long records = RealFiles.sectionRows(file, r -> true).size();
        assertThat(halt(file, "mid", 2)).isEqualTo(137);
        resumesToCompletion(file, records, CHUNK);
    }
}
