package org.stockbridge.batch.ingest;

import java.util.Objects;
import java.util.function.Predicate;
import org.springframework.batch.core.job.Job;
import org.stockbridge.batch.format.SourceFormat;

/**
 * A Spring Batch job that ingests files, with the formats it takes. Each job's configuration registers its own as a
 * bean, and {@link Ingestion} runs a file with the one job that takes its format, so the ingest knows no job by name.
 * Its steps read their file, format, run and snapshot from the job parameters named in {@link IngestParameters}.
 *
 * @param job   the job
 * @param takes the formats it ingests
 */
public record IngestJob(Job job, Predicate<SourceFormat> takes) {

    public IngestJob {
        Objects.requireNonNull(job, "job must not be null");
        Objects.requireNonNull(takes, "takes must not be null");
    }
}
