package org.stockbridge.forecasting.baseline;

import org.stockbridge.forecasting.demand.DemandSeries;

/** The burn-rate rule of the CDC PPE burn-rate calculator: the mean daily use over the trailing days, held flat. */
public final class TrailingBurnRate implements RateForecaster {

    private final int days;

    public TrailingBurnRate(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be positive, was " + days);
        }
        this.days = days;
    }

    @Override
    public String name() {
        return "trailing " + days + "-day burn rate";
    }

    @Override
    public double rate(DemandSeries series, int origin, int horizon) {
        return series.mean(origin - days + 1, origin);
    }
}
