package org.stockbridge.batch;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The batch module's ingest jobs and loaders in a Spring context of their own, for tests. The forecast job is left
 * out: its settings come from the application (the api module), where its tests run.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = "org.stockbridge.batch", excludeFilters = @ComponentScan.Filter(
        type = FilterType.REGEX, pattern = "org\\.stockbridge\\.batch\\.forecast\\..*"))
public class BatchTestApplication {
}
