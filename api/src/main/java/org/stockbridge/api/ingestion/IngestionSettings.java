package org.stockbridge.api.ingestion;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Ingestion over HTTP ({@code stockbridge.ingest.*}).
 *
 * @param uploadDirectory where uploaded files are kept (named by their SHA-256); default
 *                        {@code ~/.stockbridge/uploads}
 * @param maxUploadBytes  the largest file accepted; default 200 MB
 * @param concurrentRuns  how many runs execute at once; default 1 (further runs wait their turn)
 */
@ConfigurationProperties("stockbridge.ingest")
record IngestionSettings(Path uploadDirectory, Long maxUploadBytes, Integer concurrentRuns) {

    IngestionSettings {
        uploadDirectory = uploadDirectory == null
                ? Path.of(System.getProperty("user.home"), ".stockbridge", "uploads") : uploadDirectory;
        maxUploadBytes = maxUploadBytes == null ? 200L * 1024 * 1024 : maxUploadBytes;
        concurrentRuns = concurrentRuns == null ? 1 : concurrentRuns;
    }
}
