package org.stockbridge.api.forecast;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.stockbridge.api.fleet.FleetLock;
import org.stockbridge.api.fleet.FleetLocks;
import org.stockbridge.batch.forecast.ForecastJobConfiguration;
import org.stockbridge.forecasting.demand.DemandTrainer;
import org.stockbridge.forecasting.registry.ModelArtifact;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Runs the forecast job on its schedule ({@code stockbridge.forecast.schedule}) and once after start when no demand
 * model is registered yet, always on the bounded forecast scheduler. When the last run failed, the next one restarts
 * it (Spring Batch resumes after the last committed chunk) instead of starting afresh. One run at a time in the
 * fleet: the scheduled run and the run after start take {@link FleetLock#FORECAST_JOB} first, and a replica that finds
 * it held by another skips its run.
 */
@Component
class ForecastJobRunner {

    private static final Logger log = LoggerFactory.getLogger(ForecastJobRunner.class);

    private final JobOperator operator;
    private final JobRepository jobs;
    private final Job forecastJob;
    private final ForecastRepository repository;
    private final ForecastSettings settings;
    private final Scheduler scheduler;
    private final FleetLocks locks;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ForecastMeters meters;

    ForecastJobRunner(JobOperator operator, JobRepository jobs, Job forecastJob, ForecastRepository repository,
                      ForecastSettings settings, Scheduler forecastScheduler, FleetLocks locks,
                      ForecastMeters meters) {
        this.meters = meters;
        this.operator = operator;
        this.jobs = jobs;
        this.forecastJob = forecastJob;
        this.repository = repository;
        this.settings = settings;
        this.scheduler = forecastScheduler;
        this.locks = locks;
    }

    @EventListener(ApplicationReadyEvent.class)
    void afterStart() {
        if (!settings.trainOnStart()) {
            return;
        }
        repository.lastDay()
                .flatMap(day -> repository.latest(ModelArtifact.Kind.DEMAND, DemandTrainer.MODEL_NAME, null, day)
                        .map(m -> false).defaultIfEmpty(true))
                .filter(Boolean::booleanValue)
                .flatMap(none -> onceInTheFleet())
                .subscribe(this::logSkipped, e -> log.warn("Could not check for a registered demand model", e));
    }

    @Scheduled(cron = "${stockbridge.forecast.schedule:0 30 2 * * *}", zone = "UTC")
    void onSchedule() {
        onceInTheFleet().subscribe(this::logSkipped, e -> log.error("The scheduled forecast job could not run", e));
    }

    /** Runs the job on the forecast scheduler unless another replica is running it; whether it ran here. */
    Mono<Boolean> onceInTheFleet() {
        return locks.onOwnConnection(FleetLock.FORECAST_JOB, Mono.fromRunnable(this::run).subscribeOn(scheduler));
    }

    private void logSkipped(boolean ran) {
        if (!ran) {
            log.info("Another replica is running the forecast job; not run here");
        }
    }

    /** Restarts the last run when it failed, else starts a new one. Blocking: call it on the forecast scheduler. */
    JobExecution run() {
        if (!running.compareAndSet(false, true)) {
            log.info("The forecast job is already running");
            return null;
        }
        long started = System.nanoTime();
        JobExecution execution = null;
        try {
            JobInstance last = jobs.getLastJobInstance(ForecastJobConfiguration.JOB);
            JobExecution previous = last == null ? null : jobs.getLastJobExecution(last);
            if (previous != null && (previous.getStatus() == BatchStatus.FAILED
                    || previous.getStatus() == BatchStatus.STOPPED)) {
                log.info("Restarting the forecast job run {} that {}", previous.getId(),
                        previous.getStatus().name().toLowerCase());
                execution = operator.restart(previous);
            } else {
                execution = operator.start(forecastJob, new JobParametersBuilder()
                        .addString("requestedAt", OffsetDateTime.now(ZoneOffset.UTC).toString()).toJobParameters());
            }
            log.info("Forecast job run {} {}", execution.getId(), execution.getStatus());
            return execution;
        } catch (Exception e) {
            log.error("The forecast job could not run", e);
            return null;
        } finally {
            meters.jobRan(execution, System.nanoTime() - started);
            running.set(false);
        }
    }
}
