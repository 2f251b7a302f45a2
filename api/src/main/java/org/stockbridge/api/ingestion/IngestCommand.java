package org.stockbridge.api.ingestion;

import java.nio.file.Path;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.stockbridge.api.StockbridgeApplication;
import org.stockbridge.batch.format.UnrecognisedFormatException;
import org.stockbridge.batch.ingest.Ingestion;
import org.stockbridge.batch.ingest.IngestionRun;

/**
 * Ingests the files named on the command line into the configured database (the same settings as the service; the
 * reference data is loaded first if the database has none), one after the other, and prints each run's counts. Exits
 * with 0 when every file completed, 1 when one failed or is in no known format, 2 when no file was named. A file
 * whose earlier run was interrupted resumes that run.
 */
public final class IngestCommand {

    private IngestCommand() {
    }

    /** The command's own settings first, as command-line arguments, so that no configuration file overrides them. */
    private static String[] arguments(String[] args) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(
                "--stockbridge.shortages.load-on-start=false", "--stockbridge.demo.enabled=false",
                "--spring.main.banner-mode=off"));
        all.addAll(java.util.Arrays.stream(args).filter(a -> a.startsWith("--")).toList());
        return all.toArray(new String[0]);
    }

    public static void main(String[] args) {
        java.util.List<String> files = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        if (files.isEmpty()) {
            System.err.println("usage: IngestCommand FILE... (DSC exports, DSC API JSON or CSV, drugshortages.ca CSV, "
                    + "openFDA shortages JSON, DPD products or ingredients CSV)");
            System.exit(2);
        }
        int status = 0;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(StockbridgeApplication.class)
                .web(WebApplicationType.NONE)
                .run(arguments(args))) {
            Ingestion ingestion = context.getBean(Ingestion.class);
            for (String file : files) {
                try {
                    IngestionRun run = ingestion.ingest(Path.of(file), "command-line");
                    System.out.printf("%s: run %d %s (%s): read %d, inserted %d, updated %d, unchanged %d, "
                                    + "rejected %d, closed %d, linked %s, unmatched %s%s%n", file, run.id(), run.status(),
                            run.format(), run.read(), run.inserted(), run.updated(), run.unchanged(), run.rejected(),
                            run.closed(), run.linked(), run.unmatched(),
                            run.message() == null ? "" : " - " + run.message());
                    if (run.status() != IngestionRun.Status.COMPLETED) {
                        status = 1;
                    }
                } catch (UnrecognisedFormatException e) {
                    System.err.println(file + ": refused: " + e.getMessage());
                    status = 1;
                }
            }
        } catch (RuntimeException e) {
            System.err.println("ingest failed: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }
}
