package org.stockbridge.forecasting.baseline;

import org.stockbridge.forecasting.demand.DemandSeries;

/**
 * Croston's method and its Teunter–Syntetos–Babai (TSB) variant for intermittent demand. Croston smooths the non-zero
 * demand sizes and the intervals between them (both updated only on a demand day) and forecasts size / interval; TSB
 * smooths the size on demand days and the probability of a demand every day, and forecasts probability × size.
 */
public final class Croston implements RateForecaster {

    private final boolean tsb;
    private final double alpha;
    private final double beta;

    private Croston(boolean tsb, double alpha, double beta) {
        this.tsb = tsb;
        this.alpha = alpha;
        this.beta = beta;
    }

    /** Croston with the customary smoothing constant 0.1. */
    public static Croston classic() {
        return new Croston(false, 0.1, 0.1);
    }

    /** TSB with 0.1 for the size and 0.05 for the demand probability. */
    public static Croston tsb() {
        return new Croston(true, 0.1, 0.05);
    }

    @Override
    public String name() {
        return tsb ? "TSB (Teunter-Syntetos-Babai)" : "Croston";
    }

    @Override
    public double rate(DemandSeries series, int origin, int horizon) {
        double[] d = series.daily();
        int first = -1;
        for (int t = 0; t <= origin; t++) {
            if (d[t] > 0) {
                first = t;
                break;
            }
        }
        if (first < 0) {
            return 0;
        }
        double size = d[first];
        double interval = first + 1.0;
        double probability = 1.0 / interval;
        int sinceLast = 0;
        for (int t = first + 1; t <= origin; t++) {
            sinceLast++;
            if (d[t] > 0) {
                size += alpha * (d[t] - size);
                interval += beta * (sinceLast - interval);
                probability += beta * (1 - probability);
                sinceLast = 0;
            } else {
                probability += beta * (0 - probability);
            }
        }
        return tsb ? probability * size : size / interval;
    }
}
