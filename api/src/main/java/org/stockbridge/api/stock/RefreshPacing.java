package org.stockbridge.api.stock;

import java.time.Duration;

/**
 * How often the national rollups are rebuilt: once an {@code interval} at most, and, up to {@code maxPeriod}, never for
 * more than {@code budget} of the time. A rebuild that took longer than the budget's share of the interval sets a
 * period of its duration over the budget (5 % and a 2 s rebuild: the next is due 40 s after this one's start), but
 * never longer than {@code maxPeriod}: one stalled rebuild must not leave the national views hours old.
 *
 * @param interval  the shortest period (zero where the rollups are off and a rebuild is asked for all the same)
 * @param budget    the largest share of the time rebuilding may take (above 0, at most 1)
 * @param maxPeriod the longest period (positive; one shorter than the interval counts as the interval)
 */
record RefreshPacing(Duration interval, double budget, Duration maxPeriod) {

    RefreshPacing {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the refresh interval must not be negative");
        }
        if (!(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException("stockbridge.stock.summary-refresh-budget must be above 0 and at most 1");
        }
        if (maxPeriod.isNegative() || maxPeriod.isZero()) {
            throw new IllegalArgumentException("stockbridge.stock.summary-refresh-max-period must be positive");
        }
    }

    /**
     * The period from the start of a rebuild that took {@code took} to the next rebuild's, in whole milliseconds (as
     * the stamp keeps it), at least one and at most {@code maxPeriod}.
     */
    Duration period(Duration took) {
        long stretched = (long) Math.ceil(took.toNanos() / budget / 1_000_000.0);
        long millis = Math.max(interval.toMillis(), Math.min(maxPeriod.toMillis(), stretched));
        return Duration.ofMillis(Math.max(1, millis));
    }
}
