package org.stockbridge.batch;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;

/** The batch module's jobs and loaders in a Spring context of their own, for tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan("org.stockbridge.batch")
public class BatchTestApplication {
}
