package org.stockbridge.api.ingestion;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.stereotype.Service;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.batch.format.UnrecognisedFormatException;
import org.stockbridge.batch.ingest.Ingestion;
import org.stockbridge.batch.ingest.IngestionRun;
import org.stockbridge.batch.ingest.SourceFile;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Accepts uploaded files and runs their ingestion off the event loop: the upload is stored, recognised and recorded
 * as a run on a bounded scheduler, and the Spring Batch job runs there too, {@code concurrentRuns} at a time.
 */
@Service
@EnableConfigurationProperties(IngestionSettings.class)
class IngestionService {

    private static final Logger log = LoggerFactory.getLogger(IngestionService.class);

    private final Ingestion ingestion;
    private final IngestionSettings settings;
    private final Scheduler files = Schedulers.newBoundedElastic(2, 64, "ingest-files");
    private final Scheduler jobs;

    IngestionService(Ingestion ingestion, IngestionSettings settings) {
        this.ingestion = ingestion;
        this.settings = settings;
        this.jobs = Schedulers.newBoundedElastic(settings.concurrentRuns(), 1000, "ingest-jobs");
    }

    /** Stores the upload and inspects it; an unrecognised file is refused (422) and not kept. */
    Mono<SourceFile> store(FilePart part) {
        return Mono.fromCallable(() -> {
                    Files.createDirectories(settings.uploadDirectory());
                    return Files.createTempFile(settings.uploadDirectory(), "upload-", ".part");
                })
                .subscribeOn(files)
                .flatMap(temp -> part.transferTo(temp).then(Mono.fromCallable(() -> inspect(temp, part.filename()))
                        .subscribeOn(files)).onErrorResume(e -> Mono.fromRunnable(() -> delete(temp))
                        .subscribeOn(files).then(Mono.error(e))));
    }

    private SourceFile inspect(Path temp, String name) {
        long size;
        try {
            size = Files.size(temp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size > settings.maxUploadBytes()) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
                    "the file has " + size + " bytes; at most " + settings.maxUploadBytes() + " are accepted");
        }
        String fileName = name == null || name.isBlank() ? "upload-" + UUID.randomUUID() : Path.of(name)
                .getFileName().toString();
        SourceFile inspected;
        try {
            inspected = SourceFile.inspect(temp, fileName);
        } catch (UnrecognisedFormatException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "unrecognised-format", "Unrecognised file format",
                    e.getMessage());
        }
        Path kept = settings.uploadDirectory().resolve(inspected.sha256() + "-" + fileName.replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            Files.move(temp, kept, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SourceFile(kept, fileName, inspected.sha256(), inspected.sizeBytes(), inspected.format(),
                inspected.snapshotDate());
    }

    /** Records the run (or finds the unfinished run of the same content) and queues its job. */
    Mono<Long> submit(SourceFile file, String actor) {
        return Mono.fromCallable(() -> {
            IngestionRun run = ingestion.submit(file, actor);
            jobs.schedule(() -> {
                try {
                    ingestion.run(run.id());
                } catch (RuntimeException e) {
                    log.warn("Ingestion run {} failed: {}", run.id(), e.getMessage(), e);
                }
            });
            return run.id();
        }).subscribeOn(files);
    }

    private static void delete(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            log.warn("could not delete {}", temp, e);
        }
    }

    @PreDestroy
    void stop() {
        files.dispose();
        jobs.dispose();
    }
}
