package org.stockbridge.batch.ingest;

/**
 * The job parameters of an ingestion run, in one place for the ingest that sets them and the jobs that read them. A
 * run's only identifying parameter is its id, so a restart always carries the same parameters.
 */
public final class IngestParameters {

    /** The run's id (identifying). */
    public static final String RUN = "run";
    /** The stored file's path. */
    public static final String FILE = "file";
    /** The file's recognised format ({@code SourceFormat} name). */
    public static final String FORMAT = "format";
    /** The snapshot date a snapshot file stands for, or empty. */
    public static final String SNAPSHOT = "snapshot";

    private IngestParameters() {
    }
}
