package org.stockbridge.batch.shortage;

import io.micrometer.observation.ObservationPredicate;
import java.nio.file.Path;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.support.CompositeItemProcessor;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.stockbridge.batch.format.SourceFormat;
import org.stockbridge.batch.ingest.IngestJob;
import org.stockbridge.batch.ingest.IngestParameters;
import org.stockbridge.batch.ingest.IngestionRuns;
import org.stockbridge.batch.ingest.ReadAheadReader;
import org.stockbridge.batch.ingest.RunListener;
import org.stockbridge.batch.ingest.SourceRecord;
import org.stockbridge.batch.ingest.SourceRecordReader;

/**
 * The shortage report ingest: step {@code reports} reads a DSC, drugshortages.ca or FDA file in chunks (decode text,
 * map to a report, key its ingredients: these rules run on a read-ahead thread, so the next chunk is read while the
 * current one is written) and merges each chunk into versioned reports; step {@code link} closes what a full
 * snapshot no longer lists and what a source that ended left open, links the reports the run created or changed to the catalogue (one statement for the
 * run) and counts the run's linked and unmatched reports. Parameters: {@code run} (identifying), {@code file},
 * {@code format}, {@code snapshot}.
 */
@Configuration
public class ShortageIngestJobConfiguration {

    public static final String JOB = "shortageIngestJob";
    /** Records per chunk (one transaction each), unless {@code stockbridge.ingest.chunk-size} says otherwise. */
    public static final int CHUNK = 5000;
    static final String CHUNK_SETTING = "${stockbridge.ingest.chunk-size:" + CHUNK + "}";

    /** Registers the job with the ingest, for every format that holds shortage reports. */
    @Bean
    IngestJob shortageIngest(@Qualifier(JOB) Job shortageIngestJob) {
        return new IngestJob(shortageIngestJob, SourceFormat::holdsReports);
    }

    @Bean(name = JOB)
    Job shortageIngestJob(JobRepository jobRepository, Step shortageReportsStep, Step shortageLinkStep,
                          IngestionRuns runs) {
        return new JobBuilder(JOB, jobRepository)
                .listener(new RunListener(runs))
                .start(shortageReportsStep)
                .next(shortageLinkStep)
                .build();
    }

    @Bean
    Step shortageReportsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                             ReadAheadReader<SourceRecord, IngestItem> shortageRecordReader,
                             ShortageReportWriter shortageReportWriter, @Value(CHUNK_SETTING) int chunk) {
        return new StepBuilder("reports", jobRepository)
                .<IngestItem, IngestItem>chunk(chunk)
                .transactionManager(transactionManager)
                .reader(shortageRecordReader)
                .writer(shortageReportWriter)
                .build();
    }

    /**
     * No observation per item read or processed: the step is observed per chunk and as a whole, and an observation of
     * each of tens of thousands of records costs more than the record (the batch observability post-processor gives
     * every step the application's registry, so a step's own setting cannot keep them out); for every job.
     */
    @Bean
    static ObservationPredicate noObservationPerBatchItem() {
        return (name, context) -> !name.startsWith("spring.batch.item.");
    }

    @Bean
    @StepScope
    ReadAheadReader<SourceRecord, IngestItem> shortageRecordReader(
            @Value("#{jobParameters['" + IngestParameters.FILE + "']}") String file,
            @Value("#{jobParameters['" + IngestParameters.FORMAT + "']}") String format, @Value(CHUNK_SETTING) int chunk) {
        SourceFormat sourceFormat = SourceFormat.valueOf(format);
        SourceRecordReader records = new SourceRecordReader(Path.of(file), sourceFormat);
        ItemProcessor<SourceRecord, IngestItem> rules = new CompositeItemProcessor<>(new DecodeTextProcessor(),
                new MapReportProcessor(sourceFormat), new MoietyKeyProcessor());
        return new ReadAheadReader<>(records.getName(), records, rules, chunk);
    }

    @Bean
    @StepScope
    ShortageReportWriter shortageReportWriter(DataSource dataSource, IngestionRuns runs,
                                              @Value("#{jobParameters['" + IngestParameters.RUN + "']}") Long run,
                                              @Value("#{jobParameters['" + IngestParameters.FORMAT + "']}") String format,
                                              @Value("#{jobParameters['" + IngestParameters.FILE + "']}") String file,
                                              @Value("#{jobParameters['" + IngestParameters.SNAPSHOT + "']}") String snapshot) {
        return new ShortageReportWriter(dataSource, runs, run, SourceFormat.valueOf(format).source(),
                Path.of(file).getFileName().toString(), snapshot == null || snapshot.isEmpty() ? null
                : LocalDate.parse(snapshot));
    }

    @Bean
    Step shortageLinkStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                          DataSource dataSource, IngestionRuns runs) {
        ShortageLinks links = new ShortageLinks(dataSource);
        SnapshotClosing closing = new SnapshotClosing(dataSource);
        SourceArchiving archiving = new SourceArchiving(dataSource);
        return new StepBuilder("link", jobRepository)
                .tasklet((contribution, context) -> {
                    var parameters = context.getStepContext().getStepExecution().getJobParameters();
                    long run = parameters.getLong(IngestParameters.RUN);
                    SourceFormat format = SourceFormat.valueOf(parameters.getString(IngestParameters.FORMAT));
                    String snapshot = parameters.getString(IngestParameters.SNAPSHOT);
                    long closed = format.fullSnapshot() && snapshot != null && !snapshot.isEmpty()
                            ? closing.close(format.source(), run, LocalDate.parse(snapshot)) : 0;
                    closed += archiving.archive(format.source(), run);
                    links.link(run);
                    long[] counts = links.counts(run);
                    runs.closedAndLinked(run, closed, counts[0], counts[1]);
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }
}
