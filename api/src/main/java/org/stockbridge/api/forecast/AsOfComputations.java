package org.stockbridge.api.forecast;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.stockbridge.api.web.ApiException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * How many uncached as-of computations (a panel built, a model trained on request, risk scores computed for a new
 * day) a client (token subject) may have running at once: {@code stockbridge.forecast.as-of-computations-per-client}
 * (default 1), with a resilience4j {@link Bulkhead} per client. Such a computation holds a thread of the small
 * forecast pool for seconds to tens of seconds, so without this one client asking for many past days in turn could
 * keep the pool busy and every other client's forecast waiting. One more is refused at once with 429
 * {@code as-of-computation-busy} and a {@code Retry-After} of {@value #RETRY_AFTER_SECONDS} s. An answer that is
 * already computed (or being computed, for any client) is shared and never counted. The place is given back when the
 * computation ends, before its value goes on, so a request's next step (the model after the panel) may take it.
 *
 * <p>The count is per process, like the change stream cap.
 */
@Component
class AsOfComputations {

    static final long RETRY_AFTER_SECONDS = 10;

    private final BulkheadRegistry bulkheads;
    private final int perClient;
    private final Scheduler scheduler;

    /**
     * Run on the forecast pool before each counted computation when set; tests hold a computation with it. Unset (the
     * service), a computation starts where it is subscribed, without a hop onto the pool.
     */
    volatile Runnable beforeComputing;

    AsOfComputations(ForecastSettings settings, Scheduler forecastScheduler) {
        this.perClient = settings.asOfComputationsPerClient();
        this.scheduler = forecastScheduler;
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(perClient)
                .maxWaitDuration(Duration.ZERO)
                .build());
    }

    /**
     * The computation, counted for the client from now until it ends; a refusal (429) thrown at once when the client
     * already has its share running. Call it only where the computation is about to be subscribed (a memo's miss).
     *
     * @param client the token subject; null for the service's own work, which is not counted
     */
    <V> Mono<V> counted(String client, Mono<V> computation) {
        if (client == null) {
            return computation;
        }
        Bulkhead bulkhead = bulkheads.bulkhead(client);
        if (!bulkhead.tryAcquirePermission()) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "as-of-computation-busy",
                    "Busy computing another as-of answer", "the service is computing another as-of answer for "
                    + client + ", which may have " + perClient + " running at once; retry after "
                    + RETRY_AFTER_SECONDS + " s", Map.of("maxComputations", perClient,
                    "retryAfterSeconds", RETRY_AFTER_SECONDS), Duration.ofSeconds(RETRY_AFTER_SECONDS));
        }
        AtomicBoolean held = new AtomicBoolean(true);
        Runnable release = () -> {
            if (held.compareAndSet(true, false)) {
                bulkhead.onComplete();
            }
        };
        Runnable hook = beforeComputing;
        Mono<V> started = hook == null ? computation
                : Mono.fromRunnable(hook).subscribeOn(scheduler).then(computation);
        // given back on the terminal signal itself, before the value reaches the next step, or on cancel
        return started.doOnSuccess(v -> release.run()).doOnError(e -> release.run()).doOnCancel(release);
    }
}
