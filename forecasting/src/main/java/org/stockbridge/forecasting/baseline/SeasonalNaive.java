package org.stockbridge.forecasting.baseline;

import org.stockbridge.forecasting.demand.DemandSeries;

/** Seasonal naive with a weekly season: the last seven days repeated, so the rate is their mean. */
public final class SeasonalNaive implements RateForecaster {

    @Override
    public String name() {
        return "seasonal naive (last week repeated)";
    }

    @Override
    public double rate(DemandSeries series, int origin, int horizon) {
        return series.mean(origin - 6, origin);
    }
}
