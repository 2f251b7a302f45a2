package org.stockbridge.api.startup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.stockbridge.batch.ingest.Ingestion;
import org.stockbridge.batch.ingest.IngestionRun;
import org.stockbridge.batch.ingest.IngestionRuns;
import org.stockbridge.batch.reference.ReferenceDataLoader;

/**
 * At first start, after the reference data: the DPD catalogue and the bundled real shortage files, oldest first, so
 * the service starts with the DSC history and the FDA list. A file whose content was already ingested is skipped;
 * a run left unfinished by a stopped process is resumed. Off with {@code stockbridge.shortages.load-on-start=false}.
 * Run by {@link StartupDataLoader} beside the demo stock (the two touch different tables).
 */
@Component
class ShortageStartupLoader {

    static final List<String> FILES = List.of(
            "hc-dpd-rxwatch/dpd_products.csv",
            "hc-dpd-rxwatch/dpd_ingredients.csv",
            "dsc-export-pipitone/drugshortages.ca-manual_2013-2017.csv",
            "dsc-export-snapshots-pipitone/export_2017-12-11.csv",
            "dsc-export-pipitone/drugshortagescanada.ca-2017-12-31.csv",
            "dsc-export-snapshots-pipitone/export_2018-05-17.csv",
            "dsc-api-history-rxwatch/raw_api_history_2020-03.json",
            "dsc-api-search-pages-rdrugshortages/search_page1_limit50.json",
            "dsc-api-search-pages-rdrugshortages/search_page2_limit50.json",
            "dsc-api-history-rxwatch/dsc_reports_2017-03_to_2024-12.csv",
            "dsc-export-2023-angeloreyes/shortage_report.csv",
            "openfda-drug-shortages/drug-shortages-0001-of-0001_2026-03-27.json");
    private static final Logger log = LoggerFactory.getLogger(ShortageStartupLoader.class);

    private final ReferenceSettings reference;
    private final ReferenceDataLoader referenceLoader;
    private final Ingestion ingestion;
    private final IngestionRuns runs;
    private final boolean loadOnStart;

    ShortageStartupLoader(ReferenceSettings reference, ReferenceDataLoader referenceLoader, Ingestion ingestion,
                          IngestionRuns runs, @Value("${stockbridge.shortages.load-on-start:true}") boolean loadOnStart) {
        this.reference = reference;
        this.referenceLoader = referenceLoader;
        this.ingestion = ingestion;
        this.runs = runs;
        this.loadOnStart = loadOnStart;
    }

    /** Resumes unfinished runs, then ingests the bundled files not ingested yet; blocking. */
    void load() {
        for (IngestionRun unfinished : runs.running()) {
            log.info("Resuming ingestion run {} of {} left {} by a stopped process", unfinished.id(),
                    unfinished.fileName(), unfinished.status());
            ingestion.run(unfinished.id());
        }
        if (!loadOnStart || !reference.loadOnStart()) {
            return;
        }
        Path directory = reference.resolvedDataDirectory();
        long start = System.currentTimeMillis();
        referenceLoader.load(directory);
        int ingested = 0;
        for (String name : FILES) {
            Path file = directory.resolve(name);
            if (!Files.isRegularFile(file)) {
                log.warn("Bundled file {} is missing; skipped", file);
                continue;
            }
            org.stockbridge.batch.ingest.SourceFile source = org.stockbridge.batch.ingest.SourceFile.inspect(file);
            if (runs.completed(source.sha256())) {
                continue;
            }
            IngestionRun run = ingestion.run(ingestion.submit(source, "start-up").id());
            log.info("Ingested {}: {} read, {} inserted, {} updated, {} unchanged, {} rejected, {} closed ({})",
                    name, run.read(), run.inserted(), run.updated(), run.unchanged(), run.rejected(), run.closed(),
                    run.status());
            ingested++;
        }
        if (ingested > 0) {
            log.info("Shortage reports and DPD catalogue ready in {} ms", System.currentTimeMillis() - start);
        }
    }
}
