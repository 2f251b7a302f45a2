package org.stockbridge.forecasting.demand;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * The demand forecast of one (site, product) over the {@code horizon} days after {@code asOf}: the distribution of the
 * total over the window (in units of issue), given by its quantiles at {@link #LEVELS}, and its mean
 * ({@link #expected()}), which is computed from those quantiles and so can never contradict them.
 *
 * @param asOf   the last day whose data the forecast used
 * @param totals the total at each of {@link #LEVELS}, non-decreasing
 */
public record DemandForecast(DemandSeries.Key key, LocalDate asOf, int horizon, double[] totals) {

    /** The quantile levels every forecast carries. */
    public static final double[] LEVELS = {0.02, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.98};

    public DemandForecast {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(asOf, "asOf must not be null");
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be positive, was " + horizon);
        }
        if (totals.length != LEVELS.length) {
            throw new IllegalArgumentException("totals must have one value per level");
        }
        totals = totals.clone();
        for (int i = 0; i < totals.length; i++) {
            if (!(totals[i] >= 0)) {
                throw new IllegalArgumentException("quantiles must be non-negative, was " + Arrays.toString(totals));
            }
            if (i > 0 && totals[i] < totals[i - 1]) {
                throw new IllegalArgumentException("quantiles must not decrease, were " + Arrays.toString(totals));
            }
        }
    }

    @Override
    public double[] totals() {
        return totals.clone();
    }

    /**
     * The expected total: the mean of the distribution the quantiles describe, that is the integral over (0, 1) of
     * {@link #quantile} (linear from zero to the lowest stored level, linear between stored levels, flat above the
     * highest). Demand is skewed to the right (a surge is more likely than its mirror image), so the mean usually lies
     * above the median ({@link #p50()}); on a symmetric distribution they coincide. Being a mean of the same
     * distribution, it cannot fall below its p10 unless the lowest tenth of that distribution lies far below the rest.
     */
    public double expected() {
        double mean = LEVELS[0] * totals[0] / 2;
        for (int i = 1; i < LEVELS.length; i++) {
            mean += (LEVELS[i] - LEVELS[i - 1]) * (totals[i - 1] + totals[i]) / 2;
        }
        return mean + (1 - LEVELS[LEVELS.length - 1]) * totals[totals.length - 1];
    }

    public double p10() {
        return quantile(0.10);
    }

    public double p50() {
        return quantile(0.50);
    }

    public double p90() {
        return quantile(0.90);
    }

    /** The total at any level in (0, 1), interpolated linearly between the stored levels (flat beyond them). */
    public double quantile(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), was " + level);
        }
        if (level <= LEVELS[0]) {
            return totals[0] * level / LEVELS[0];
        }
        for (int i = 1; i < LEVELS.length; i++) {
            if (level <= LEVELS[i]) {
                double w = (level - LEVELS[i - 1]) / (LEVELS[i] - LEVELS[i - 1]);
                return totals[i - 1] + w * (totals[i] - totals[i - 1]);
            }
        }
        return totals[totals.length - 1];
    }

    /**
     * The probability that the total stays at or below {@code quantity}, read off the quantiles (the inverse of
     * {@link #quantile}); beyond the highest stored level it is that level.
     */
    public double probabilityAtMost(double quantity) {
        if (quantity < 0) {
            return 0;
        }
        if (quantity < totals[0]) {
            return totals[0] == 0 ? LEVELS[0] : LEVELS[0] * quantity / totals[0];
        }
        for (int i = totals.length - 1; i >= 0; i--) {
            if (quantity >= totals[i]) {
                if (i == totals.length - 1 || totals[i + 1] == totals[i]) {
                    return LEVELS[i];
                }
                double w = (quantity - totals[i]) / (totals[i + 1] - totals[i]);
                return LEVELS[i] + w * (LEVELS[i + 1] - LEVELS[i]);
            }
        }
        return LEVELS[0];
    }

    /** The same forecast with every quantity multiplied (a what-if on demand). */
    public DemandForecast scaled(double multiplier) {
        if (!(multiplier >= 0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("demand multiplier must be a non-negative number, was " + multiplier);
        }
        double[] t = totals.clone();
        for (int i = 0; i < t.length; i++) {
            t[i] *= multiplier;
        }
        return new DemandForecast(key, asOf, horizon, t);
    }
}
