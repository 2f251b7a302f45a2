package org.stockbridge.batch.shortage;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.stockbridge.batch.BatchTestApplication;
import org.stockbridge.batch.ingest.Ingestion;
import org.stockbridge.batch.ingest.IngestionRuns;

/**
 * A separate JVM that ingests a file and halts itself (as {@code kill -9} would: no shutdown hooks, no rollback
 * handling) either right after chunk N commits ({@code boundary}) or in chunk N after its rows were written but
 * before it commits ({@code mid}). Arguments: JDBC_URL USER PASSWORD FILE MODE N CHUNK_SIZE.
 */
public final class HaltingIngest {

    static String mode;
    static int chunk;
    static int seen;

    public static void main(String[] args) {
        mode = args[4];
        chunk = Integer.parseInt(args[5]);
        var context = new SpringApplicationBuilder(BatchTestApplication.class, Halting.class)
                .web(WebApplicationType.NONE)
                .run("--stockbridge.db.url=" + args[0], "--stockbridge.db.username=" + args[1],
                        "--stockbridge.db.password=" + args[2], "--stockbridge.ingest.chunk-size=" + args[6],
                        "--logging.level.root=WARN");
        context.getBean(Ingestion.class).ingest(Path.of(args[3]), "halting-test");
        System.exit(3);
    }

    @Configuration
    static class Halting {
        @Bean
        static BeanPostProcessor haltingRuns(BeanFactory beans) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof IngestionRuns && !(bean instanceof HaltingRuns)) {
                        return new HaltingRuns(beans.getBean(DataSource.class));
                    }
                    return bean;
                }
            };
        }
    }

    static final class HaltingRuns extends IngestionRuns {
        HaltingRuns(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        public void count(long id, long inserted, long updated, long unchanged, long rejected) {
            super.count(id, inserted, updated, unchanged, rejected);
            if (++seen != chunk) {
                return;
            }
            if (mode.equals("mid")) {
                Runtime.getRuntime().halt(137);
            }
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    Runtime.getRuntime().halt(137);
                }
            });
        }
    }
}
