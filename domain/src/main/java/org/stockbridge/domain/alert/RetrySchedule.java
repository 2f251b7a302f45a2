package org.stockbridge.domain.alert;

import java.time.Duration;
import java.util.Optional;

/**
 * When a failed webhook delivery is tried again: exponential backoff from {@code initial}, doubling each attempt up to
 * {@code maximum}, with "equal jitter" (half the delay fixed, half random) so that receivers coming back are not hit by
 * every sender at once; after {@code maxAttempts} attempts the delivery is a dead letter.
 */
public record RetrySchedule(Duration initial, Duration maximum, int maxAttempts) {

    public RetrySchedule {
        if (initial == null || initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("the first retry delay must be positive");
        }
        if (maximum == null || maximum.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the longest retry delay must be at least the first");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a delivery is attempted at least once");
        }
    }

    /**
     * The delay before the next attempt once {@code attemptsMade} attempts failed, or empty when the delivery is dead.
     *
     * @param random a number in [0, 1) that places the delay in its jitter range
     */
    public Optional<Duration> delayAfter(int attemptsMade, double random) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        int doublings = Math.min(Math.max(attemptsMade - 1, 0), 40);
        long millis = initial.toMillis();
        long capped = maximum.toMillis();
        long delay = millis;
        for (int i = 0; i < doublings && delay < capped; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, capped);
        long half = delay / 2;
        return Optional.of(Duration.ofMillis(half + (long) (Math.min(Math.max(random, 0), 1) * (delay - half))));
    }
}
