package org.stockbridge.api.forecast;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The forecast job for the operator: how long each run took, by its end status ({@code stockbridge.forecast.job},
 * a timer tagged {@code status}: completed, failed ..., or {@code error} when it could not start), and how old the
 * newest demand model is ({@code stockbridge.forecast.model.age}, seconds; absent until one exists). The age is read
 * from the model registry every minute and after each run, so every replica reports the fleet's newest model.
 */
@Component
class ForecastMeters {

    private static final Logger log = LoggerFactory.getLogger(ForecastMeters.class);

    private final MeterRegistry registry;
    private final ForecastRepository repository;
    private final AtomicReference<OffsetDateTime> newest = new AtomicReference<>();

    ForecastMeters(MeterRegistry registry, ForecastRepository repository) {
        this.registry = registry;
        this.repository = repository;
        Gauge.builder("stockbridge.forecast.model.age", newest, ForecastMeters::ageSeconds)
                .description("Seconds since the newest demand model was trained").baseUnit("seconds")
                .register(registry);
        // at zero from the start, so that an alert on their increase sees the first failure
        timer("completed");
        timer("failed");
    }

    /** A run of the job ended (or could not start: {@code execution} null). */
    void jobRan(JobExecution execution, long nanos) {
        String status = execution == null ? "error" : execution.getStatus().name().toLowerCase(Locale.ROOT);
        timer(status).record(nanos, TimeUnit.NANOSECONDS);
        refresh();
    }

    private Timer timer(String status) {
        return Timer.builder("stockbridge.forecast.job").description("Forecast job runs, by end status")
                .tag("status", status).register(registry);
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT5S")
    void refresh() {
        refreshed().subscribe(at -> { }, e -> log.debug("could not read the newest model", e));
    }

    /** Reads when the newest demand model was trained, for the age gauge. */
    Mono<OffsetDateTime> refreshed() {
        return repository.newestDemandModel().doOnNext(newest::set);
    }

    private static double ageSeconds(AtomicReference<OffsetDateTime> trained) {
        OffsetDateTime at = trained.get();
        return at == null ? Double.NaN : Duration.between(at, OffsetDateTime.now()).toMillis() / 1000.0;
    }
}
