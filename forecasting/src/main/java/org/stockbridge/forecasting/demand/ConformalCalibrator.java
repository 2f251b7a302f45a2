package org.stockbridge.forecasting.demand;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Split conformal calibration of a point forecaster: the residuals of its forecasts on a calibration period (strictly
 * before the forecast origin, and not used to fit it), divided by the forecast (at least a quarter of the series'
 * scale), give the quantiles of the relative error per group (horizon, depot or dispensing site). A new forecast's quantile at level τ is the point plus
 * the conformal τ-quantile of the relative residuals times that divisor, cut at zero.
 */
public final class ConformalCalibrator {

    /** Fewer calibration residuals than this in a group fall back to the pooled residuals of the horizon. */
    static final int MIN_GROUP = 50;
    static final double SPREAD_FLOOR = 0.25;

    private final Map<String, double[]> quantiles;

    private ConformalCalibrator(Map<String, double[]> quantiles) {
        this.quantiles = quantiles;
    }

    /** Residuals collected on the calibration period. */
    public static final class Builder {
        private final Map<String, List<Double>> residuals = new HashMap<>();

        /**
         * @param actualRate    the observed mean daily consumption over the window
         * @param predictedRate the forecast mean daily consumption
         * @param scale         the series' scale at the origin ({@link DemandFeatures#scale})
         */
        public Builder add(int horizon, boolean depot, double actualRate, double predictedRate, double scale) {
            double r = (actualRate - predictedRate) / spread(predictedRate, scale);
            residuals.computeIfAbsent(group(horizon, depot), g -> new ArrayList<>()).add(r);
            residuals.computeIfAbsent(group(horizon, null), g -> new ArrayList<>()).add(r);
            return this;
        }

        public ConformalCalibrator build() {
            if (residuals.isEmpty()) {
                throw new IllegalStateException("conformal calibration needs at least one residual");
            }
            Map<String, double[]> q = new HashMap<>();
            residuals.forEach((group, values) -> {
                if (values.size() >= MIN_GROUP || group.endsWith("/all")) {
                    q.put(group, levels(values));
                }
            });
            return new ConformalCalibrator(q);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Rebuilds a calibrator from its stored quantiles ({@link #quantiles()}). */
    public static ConformalCalibrator of(Map<String, double[]> quantiles) {
        Map<String, double[]> copy = new HashMap<>();
        quantiles.forEach((k, v) -> {
            if (v.length != DemandForecast.LEVELS.length) {
                throw new IllegalArgumentException("calibration group " + k + " must have one value per level");
            }
            copy.put(k, v.clone());
        });
        return new ConformalCalibrator(copy);
    }

    /** The scaled residual quantiles per group, for storage. */
    public Map<String, double[]> quantiles() {
        Map<String, double[]> copy = new HashMap<>();
        quantiles.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** The quantiles of the total over the window, from a point forecast of the daily rate. */
    public double[] totals(int horizon, boolean depot, double predictedRate, double scale) {
        double[] q = quantiles.get(group(horizon, depot));
        if (q == null) {
            q = quantiles.get(group(horizon, null));
        }
        if (q == null) {
            throw new IllegalArgumentException("the model was not calibrated for horizon " + horizon);
        }
        double[] totals = new double[q.length];
        double previous = 0;
        for (int i = 0; i < q.length; i++) {
            previous = Math.max(previous,
                    Math.max(0, predictedRate + q[i] * spread(predictedRate, scale)) * horizon);
            totals[i] = previous;
        }
        return totals;
    }

    /**
     * What a residual is divided by: the forecast itself (errors of counts grow with their level, and with the season),
     * but no less than a quarter of the series' scale, so a forecast near zero does not make every error huge.
     */
    static double spread(double predictedRate, double scale) {
        return Math.max(predictedRate, SPREAD_FLOOR * scale);
    }

    private static String group(int horizon, Boolean depot) {
        return horizon + "/" + (depot == null ? "all" : depot ? "depot" : "site");
    }

    /** Conformal quantiles: the ⌈(n+1)τ⌉-th smallest residual for upper levels, ⌊(n+1)τ⌋-th for lower ones. */
    private static double[] levels(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double[] q = new double[DemandForecast.LEVELS.length];
        for (int i = 0; i < q.length; i++) {
            double tau = DemandForecast.LEVELS[i];
            int rank = tau >= 0.5 ? (int) Math.ceil((n + 1) * tau) : (int) Math.floor((n + 1) * tau);
            q[i] = sorted[Math.max(0, Math.min(n - 1, rank - 1))];
        }
        return q;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ConformalCalibrator");
        quantiles.keySet().stream().sorted().forEach(k -> s.append(' ').append(k)
                .append(Arrays.toString(quantiles.get(k))));
        return Objects.toString(s);
    }
}
