package org.stockbridge.batch.catalogue;

import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
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
import org.stockbridge.batch.ingest.RunListener;
import org.stockbridge.batch.ingest.SourceRecord;
import org.stockbridge.batch.ingest.SourceRecordReader;

/**
 * The Drug Product Database catalogue: step {@code catalogue} upserts a products or an ingredients file in chunks;
 * step {@code moieties} keys every product by its active moieties for linking. Parameters as the shortage ingest.
 */
@Configuration
public class DpdCatalogueJobConfiguration {

    public static final String JOB = "dpdCatalogueJob";

    /** Registers the job with the ingest, for the Drug Product Database's files. */
    @Bean
    IngestJob dpdCatalogueIngest(@Qualifier(JOB) Job dpdCatalogueJob) {
        return new IngestJob(dpdCatalogueJob, format -> !format.holdsReports());
    }

    @Bean(name = JOB)
    Job dpdCatalogueJob(JobRepository jobRepository, Step dpdCatalogueStep, Step dpdMoietiesStep, IngestionRuns runs) {
        return new JobBuilder(JOB, jobRepository)
                .listener(new RunListener(runs))
                .start(dpdCatalogueStep)
                .next(dpdMoietiesStep)
                .build();
    }

    @Bean
    Step dpdCatalogueStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                          SourceRecordReader dpdRecordReader, DpdWriter dpdWriter) {
        return new StepBuilder("catalogue", jobRepository)
                .<SourceRecord, SourceRecord>chunk(2000)
                .transactionManager(transactionManager)
                .reader(dpdRecordReader)
                .writer(dpdWriter)
                .observationRegistry(ObservationRegistry.NOOP)
                .build();
    }

    @Bean
    @StepScope
    SourceRecordReader dpdRecordReader(@Value("#{jobParameters['" + IngestParameters.FILE + "']}") String file,
                                       @Value("#{jobParameters['" + IngestParameters.FORMAT + "']}") String format) {
        return new SourceRecordReader(Path.of(file), SourceFormat.valueOf(format));
    }

    @Bean
    @StepScope
    DpdWriter dpdWriter(DataSource dataSource, IngestionRuns runs,
                        @Value("#{jobParameters['" + IngestParameters.RUN + "']}") Long run,
                        @Value("#{jobParameters['" + IngestParameters.FORMAT + "']}") String format,
                        @Value("#{jobParameters['" + IngestParameters.FILE + "']}") String file) {
        return new DpdWriter(dataSource, runs, run, SourceFormat.valueOf(format), Path.of(file).getFileName().toString());
    }

    @Bean
    Step dpdMoietiesStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                         DataSource dataSource) {
        DpdMoieties moieties = new DpdMoieties(dataSource);
        return new StepBuilder("moieties", jobRepository)
                .tasklet((contribution, context) -> {
                    moieties.refresh();
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }
}
