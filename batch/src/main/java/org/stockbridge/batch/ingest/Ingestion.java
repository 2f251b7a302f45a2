package org.stockbridge.batch.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.stockbridge.batch.format.SourceFormat;

/**
 * Ingests files: {@link #submit} recognises a file and records a run (resuming the unfinished run of a file with the
 * same content, if there is one); {@link #run} executes it with Spring Batch, restarting the job where an earlier,
 * interrupted execution of that run stopped. A run's only identifying job parameter is its id, so a restart always
 * carries the same parameters. A run executes in one place at a time: its executor holds a PostgreSQL advisory lock
 * on the run for as long as it runs (on a connection of its own, so a process that dies lets go of it), and a second
 * request to run it meanwhile (the same file submitted again, another service instance) returns the run as it
 * stands without touching its job.
 */
@Service
public class Ingestion {

    private static final Logger log = LoggerFactory.getLogger(Ingestion.class);

    private final IngestionRuns runs;
    private final JobOperator operator;
    private final JobRepository repository;
    private final List<IngestJob> jobs;
    private final DataSource dataSource;
    private final MeterRegistry meters;

    /** @param meters where the runs are counted ({@code stockbridge.ingestion.*}); none: counted nowhere */
    public Ingestion(IngestionRuns runs, JobOperator operator, JobRepository repository, List<IngestJob> jobs,
                     DataSource dataSource, ObjectProvider<MeterRegistry> meters) {
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        // the series exist from the start, at zero, so that an alert on their increase sees the first failure
        for (IngestionRun.Status status : List.of(IngestionRun.Status.COMPLETED, IngestionRun.Status.FAILED)) {
            runs(status.name().toLowerCase(Locale.ROOT));
        }
        for (String outcome : List.of("inserted", "updated", "unchanged", "rejected", "closed")) {
            rows(outcome, 0);
        }
        this.dataSource = dataSource;
        this.runs = runs;
        this.operator = operator;
        this.repository = repository;
        this.jobs = List.copyOf(jobs);
    }

    /** A run for the file: its unfinished run if a file with the same content has one, else a new one. */
    public IngestionRun submit(SourceFile file, String requestedBy) {
        Optional<IngestionRun> unfinished = runs.unfinished(file.sha256());
        if (unfinished.isPresent()) {
            log.info("Resuming ingestion run {} of {}", unfinished.get().id(), file.name());
            return unfinished.get();
        }
        long id = runs.create(file, requestedBy);
        return runs.find(id).orElseThrow();
    }

    /**
     * Runs (or resumes) a run to its end in the calling thread; returns the run as it ended, or as it stands when it
     * is already running elsewhere.
     */
    public IngestionRun run(long runId) {
        IngestionRun run = runs.find(runId).orElseThrow(() -> new IllegalArgumentException("no ingestion run " + runId));
        try (Connection lock = dataSource.getConnection()) {
            if (!lock(lock, "pg_try_advisory_lock", runId)) {
                log.info("Ingestion run {} is already running (in this process or another); leaving it to finish", runId);
                return runs.find(runId).orElseThrow();
            }
            Timer.Sample started = Timer.start(meters);
            try {
                return measured(execute(run), started);
            } finally {
                unlock(lock, runId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ingestion run " + runId + ": the run lock failed: " + e.getMessage(), e);
        }
    }

    /**
     * Counts a run that ended here: its duration and count by status ({@code stockbridge.ingestion.runs}, a timer
     * tagged {@code status} completed or failed) and its rows by outcome ({@code stockbridge.ingestion.rows}, tagged
     * {@code outcome}: inserted, updated, unchanged, rejected, closed).
     */
    private IngestionRun measured(IngestionRun ended, Timer.Sample started) {
        started.stop(runs(ended.status().name().toLowerCase(Locale.ROOT)));
        rows("inserted", ended.inserted());
        rows("updated", ended.updated());
        rows("unchanged", ended.unchanged());
        rows("rejected", ended.rejected());
        rows("closed", ended.closed());
        return ended;
    }

    private Timer runs(String status) {
        return Timer.builder("stockbridge.ingestion.runs").description("Ingestion runs executed, by status")
                .tag("status", status).register(meters);
    }

    private void rows(String outcome, long count) {
        Counter.builder("stockbridge.ingestion.rows").description("Rows of ingested files, by outcome")
                .tag("outcome", outcome).register(meters).increment(count);
    }

    /**
     * Releases a run's lock. A failure is logged, not thrown (the run's own outcome is what the caller needs), and
     * the connection is aborted rather than returned to the pool, so that no pooled session keeps the lock.
     */
    private static void unlock(Connection lock, long runId) {
        try {
            if (!lock(lock, "pg_advisory_unlock", runId)) {
                log.warn("Ingestion run {}: its lock was no longer held at the end (its session was lost)", runId);
            }
        } catch (SQLException e) {
            log.warn("Ingestion run {}: its lock could not be released ({}); closing its connection", runId,
                    e.getMessage());
            try {
                lock.abort(Runnable::run);
            } catch (SQLException | RuntimeException abort) {
                log.warn("Ingestion run {}: its lock connection could not be aborted: {}", runId, abort.getMessage());
            }
        }
    }

    /** Takes or releases the session-level advisory lock of a run; whether that succeeded. */
    private static boolean lock(Connection connection, String function, long runId) throws SQLException {
        if (runId > Integer.MAX_VALUE) {
            throw new IllegalStateException("ingestion run ids beyond " + Integer.MAX_VALUE + " have no lock key");
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function
                + "(hashtext('stockbridge:ingestion-run'), ?)")) {
            statement.setInt(1, (int) runId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Runs the job of a run this thread holds the lock of: an execution left running can only be a dead one's. */
    private IngestionRun execute(IngestionRun run) {
        long runId = run.id();
        Job job = jobFor(run.format());
        JobParameters parameters = new JobParametersBuilder()
                .addLong(IngestParameters.RUN, run.id(), true)
                .addString(IngestParameters.FILE, run.filePath(), false)
                .addString(IngestParameters.FORMAT, run.format().name(), false)
                .addString(IngestParameters.SNAPSHOT, run.snapshotDate() == null ? "" : run.snapshotDate().toString(), false)
                .toJobParameters();
        try {
            JobInstance instance = repository.getJobInstance(job.getName(), parameters);
            if (instance != null) {
                JobExecution last = repository.getLastJobExecution(instance);
                if (last != null && last.getStatus().isRunning()) {
                    log.info("Ingestion run {}: execution {} was left {} by a stopped process; recovering it", runId,
                            last.getId(), last.getStatus());
                    operator.recover(last);
                }
                if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
                    return runs.find(runId).orElseThrow();
                }
            }
            operator.start(job, parameters);
        } catch (Exception e) {
            runs.finished(runId, false, e.getMessage());
            log.warn("Ingestion run {} could not run: {}", runId, e.getMessage());
        }
        return runs.find(runId).orElseThrow();
    }

    /** Recognises, records and runs a file in the calling thread. */
    public IngestionRun ingest(Path file, String requestedBy) {
        return run(submit(SourceFile.inspect(file), requestedBy).id());
    }

    /** The one registered job that takes the format. */
    private Job jobFor(SourceFormat format) {
        List<Job> taking = jobs.stream().filter(job -> job.takes().test(format)).map(IngestJob::job).toList();
        if (taking.size() != 1) {
            throw new IllegalStateException(taking.size() + " ingest jobs take the format " + format + "; one must");
        }
        return taking.get(0);
    }
}
