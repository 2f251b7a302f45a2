package org.stockbridge.forecasting.baseline;

import org.stockbridge.forecasting.demand.DemandSeries;

/**
 * Simple exponential smoothing with the smoothing constant chosen per series and origin from a grid by the least
 * squared one-step error over the history up to the origin; the forecast is the last level, held flat.
 */
public final class SimpleExponentialSmoothing implements RateForecaster {

    private static final double[] ALPHAS = {0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5};
    private static final int WARM_UP = 14;

    @Override
    public String name() {
        return "exponential smoothing (alpha fitted)";
    }

    @Override
    public double rate(DemandSeries series, int origin, int horizon) {
        double[] d = series.daily();
        double bestError = Double.POSITIVE_INFINITY;
        double bestLevel = series.mean(0, origin);
        for (double alpha : ALPHAS) {
            double level = series.mean(0, Math.min(origin, WARM_UP - 1));
            double error = 0;
            for (int t = 0; t <= origin; t++) {
                if (t >= WARM_UP) {
                    double e = d[t] - level;
                    error += e * e;
                }
                level += alpha * (d[t] - level);
            }
            if (error < bestError) {
                bestError = error;
                bestLevel = level;
            }
        }
        return bestLevel;
    }
}
