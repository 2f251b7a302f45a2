package org.stockbridge.batch.ingest;

import java.util.stream.Collectors;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/** Keeps an ingestion run's status in step with its job execution. */
public final class RunListener implements JobExecutionListener {

    private final IngestionRuns runs;

    public RunListener(IngestionRuns runs) {
        this.runs = runs;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        runs.started(runId(execution), execution.getId());
    }

    @Override
    public void afterJob(JobExecution execution) {
        boolean completed = execution.getStatus() == BatchStatus.COMPLETED;
        String message = completed ? null : execution.getAllFailureExceptions().stream()
                .map(RunListener::rootMessage)
                .distinct().collect(Collectors.joining("; "));
        runs.finished(runId(execution), completed, message == null || message.isEmpty()
                ? (completed ? null : "the job ended " + execution.getStatus()) : message);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? text : e.getMessage() + ": " + text;
    }

    private static long runId(JobExecution execution) {
        Long run = execution.getJobParameters().getLong(IngestParameters.RUN);
        if (run == null) {
            throw new IllegalStateException("job parameter " + IngestParameters.RUN + " is missing");
        }
        return run;
    }
}
