package org.stockbridge.api.stock;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Trailing consumption arithmetic: whole units issued over a window of days, as a daily rate and days of supply. */
final class Consumption {

    /** The trailing window of the site stock view, in days before {@code asOf}. */
    static final int WINDOW_DAYS = 28;

    private Consumption() {
    }

    /** Units issued per day, to three decimals. */
    static double daily(long issued, int windowDays) {
        return BigDecimal.valueOf(issued).divide(BigDecimal.valueOf(windowDays), 3, RoundingMode.HALF_UP)
                .doubleValue();
    }

    /** Usable stock over the daily rate, to one decimal; null when nothing was issued (no rate to divide by). */
    static Double daysOfSupply(long usable, long issued, int windowDays) {
        if (issued <= 0) {
            return null;
        }
        return BigDecimal.valueOf(usable).multiply(BigDecimal.valueOf(windowDays))
                .divide(BigDecimal.valueOf(issued), 1, RoundingMode.HALF_UP).doubleValue();
    }
}
