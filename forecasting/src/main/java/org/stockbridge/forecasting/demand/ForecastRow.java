package org.stockbridge.forecasting.demand;

import java.util.Objects;

/**
 * One forecasting question: the mean daily consumption of {@code series} over days {@code origin+1..origin+horizon},
 * knowing days up to {@code origin}.
 */
public record ForecastRow(DemandSeries series, int origin, int horizon) {

    public ForecastRow {
        Objects.requireNonNull(series, "series must not be null");
        if (origin < 0 || origin >= series.length()) {
            throw new IllegalArgumentException("origin " + origin + " is outside series " + series.key());
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be positive, was " + horizon);
        }
    }

    /** Whether the whole window lies inside the series, so the row has an actual. */
    public boolean observed() {
        return origin + horizon < series.length();
    }

    /** The observed mean daily consumption over the window. */
    public double actualRate() {
        if (!observed()) {
            throw new IllegalStateException("the window of " + this + " is not observed yet");
        }
        return series.mean(origin + 1, origin + horizon);
    }

    public double scale() {
        return DemandFeatures.scale(series, origin);
    }

    @Override
    public String toString() {
        return series.key() + "@" + series.date(origin) + "+" + horizon;
    }
}
