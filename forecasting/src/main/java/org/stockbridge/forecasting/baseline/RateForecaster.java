package org.stockbridge.forecasting.baseline;

import org.stockbridge.forecasting.demand.DemandSeries;

/** A rule that forecasts the mean daily consumption over the {@code horizon} days after {@code origin}. */
public interface RateForecaster {

    String name();

    /** Reads only days {@code 0..origin} of the series. */
    double rate(DemandSeries series, int origin, int horizon);
}
