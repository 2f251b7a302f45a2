package org.stockbridge.forecasting.transfer;

import java.time.Duration;

/** How long a whole transfer problem may take and on how many threads: what every optimiser here is given. */
record SolveLimits(Duration timeLimit, int threads) {

    SolveLimits {
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive, was " + timeLimit);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
    }

    /** Thirty seconds for a whole problem, on as many threads as the machine has cores (at most four). */
    static SolveLimits defaults() {
        return new SolveLimits(Duration.ofSeconds(30), Math.min(4, Runtime.getRuntime().availableProcessors()));
    }
}
