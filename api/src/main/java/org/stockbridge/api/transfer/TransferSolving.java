package org.stockbridge.api.transfer;

import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.stockbridge.forecasting.transfer.ExactTransferOptimiser;
import org.stockbridge.forecasting.transfer.TransferOptimiser;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The optimiser and the bounded scheduler it runs on, never an event-loop thread: {@code stockbridge.transfer.threads}
 * solves at once (default 1, each using up to two solver threads), {@code stockbridge.transfer.queue} waiting (default
 * 20), each given at most {@code stockbridge.transfer.time-limit} (default 30 s).
 */
@Component
class TransferSolving implements DisposableBean {

    private final TransferOptimiser optimiser;
    private final Scheduler scheduler;

    TransferSolving(@Value("${stockbridge.transfer.threads:1}") int threads,
                    @Value("${stockbridge.transfer.queue:20}") int queue,
                    @Value("${stockbridge.transfer.time-limit:PT30S}") Duration timeLimit) {
        this.optimiser = new ExactTransferOptimiser(timeLimit, Math.min(2, Runtime.getRuntime().availableProcessors()));
        this.scheduler = Schedulers.newBoundedElastic(threads, queue, "transfer-solver");
    }

    TransferOptimiser optimiser() {
        return optimiser;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
