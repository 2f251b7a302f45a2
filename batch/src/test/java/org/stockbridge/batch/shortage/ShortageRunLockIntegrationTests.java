package org.stockbridge.batch.shortage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
import org.stockbridge.batch.ingest.SourceFile;
import org.stockbridge.infra.testing.DatabaseTest;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * A run asked to run again while it runs (the same file submitted twice, another service instance) is left to finish
 * where it runs: its executor holds an advisory lock on it.
 */
@DatabaseTest
@SpringBootTest(classes = BatchTestApplication.class, properties = "stockbridge.ingest.chunk-size=1000")
class ShortageRunLockIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    Ingestion ingestion;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void the_same_file_submitted_again_while_its_run_runs_gets_that_run_as_it_stands_and_the_run_completes_once()
            throws Exception {
        CompletableFuture<IngestionRun> first = CompletableFuture.supplyAsync(
                () -> ingestion.ingest(RealFiles.HISTORY, "first"));
        long id = awaitRunning();

        IngestionRun again = ingestion.ingest(RealFiles.HISTORY, "second");

        assertThat(again.id()).isEqualTo(id);
        assertThat(again.status()).isEqualTo(IngestionRun.Status.RUNNING);
        assertThat(again.message()).isNull();
        IngestionRun finished = first.get(5, TimeUnit.MINUTES);
        assertThat(finished.status()).as(String.valueOf(finished.message())).isEqualTo(IngestionRun.Status.COMPLETED);
        assertThat(finished.read()).isEqualTo(RealFiles.csv(RealFiles.HISTORY).size());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shortage_report WHERE last_run_id = ?", Long.class, id))
                .as("every record once").isEqualTo(finished.inserted() + finished.updated() + finished.unchanged());
        assertThat(executions(id)).as("job executions").isEqualTo(1);
    }

    @Test
    void a_run_whose_lock_another_session_holds_is_left_as_it_stands_and_runs_once_the_lock_is_free()
            throws Exception {
        IngestionRun queued = ingestion.submit(SourceFile.inspect(RealFiles.PAGE_2), "test");
        assertThat(queued.status()).isEqualTo(IngestionRun.Status.QUEUED);
        try (Connection other = jdbc.getDataSource().getConnection()) {
            lock(other, "pg_advisory_lock", queued.id());
            try {
                IngestionRun left = ingestion.run(queued.id());
                assertThat(left.status()).isEqualTo(IngestionRun.Status.QUEUED);
                assertThat(left.read()).isZero();
                assertThat(executions(queued.id())).isZero();
            } finally {
                lock(other, "pg_advisory_unlock", queued.id());
            }
        }
        IngestionRun ran = ingestion.run(queued.id());
        assertThat(ran.status()).as(String.valueOf(ran.message())).isEqualTo(IngestionRun.Status.COMPLETED);
        assertThat(executions(queued.id())).isEqualTo(1);
    }

    private static void lock(Connection connection, String function, long runId) throws Exception {
        try (var statement = connection.prepareStatement("SELECT " + function
                + "(hashtext('stockbridge:ingestion-run'), ?)")) {
            statement.setInt(1, (int) runId);
            statement.executeQuery().close();
        }
    }

    private long executions(long runId) {
        return jdbc.queryForObject("SELECT count(*) FROM batch_job_execution e JOIN batch_job_execution_params p "
                + "ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'run' "
                + "WHERE p.parameter_value = ?", Long.class, String.valueOf(runId));
    }

    /** The id of the run once its job has started and is reading. */
    private long awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            Long running = jdbc.query("SELECT id FROM ingestion_run WHERE status = 'RUNNING' ORDER BY id DESC LIMIT 1",
                    (rs, n) -> rs.getLong(1)).stream().findFirst().orElse(null);
            if (running != null) {
                return running;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the first run did not start within 2 minutes");
    }
}
