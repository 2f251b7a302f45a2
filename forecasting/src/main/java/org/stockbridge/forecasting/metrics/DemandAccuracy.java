package org.stockbridge.forecasting.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Accumulates forecast errors per (method, horizon, series) and summarises them as the M5 competition does: RMSSE
 * and MASE per series (errors scaled by the in-sample one-step naive error of that series, so series of any size
 * weigh alike) averaged over series; pinball loss at 0.5 and 0.9 scaled the same way; and the empirical coverage and
 * mean scaled width of the 80% (p10–p90) and 90% (p05–p95) intervals.
 */
public final class DemandAccuracy {

    /** The metrics of one method at one horizon (or over all horizons, {@code horizon = 0}). */
    public record Summary(String method, int horizon, int series, int forecasts, double rmsse, double mase,
                          double pinball50, double pinball90, double coverage80, double coverage90,
                          double width90) {
    }

    private record Cell(String method, int horizon) {
    }

    private static final class SeriesErrors {
        final double naiveAbs;
        final double naiveSquared;
        double squared;
        double absolute;
        double pinball50;
        double pinball90;
        double width90;
        int covered80;
        int covered90;
        int n;

        SeriesErrors(double naiveAbs, double naiveSquared) {
            this.naiveAbs = naiveAbs;
            this.naiveSquared = naiveSquared;
        }
    }

    private final Map<Cell, Map<String, SeriesErrors>> cells = new LinkedHashMap<>();

    /**
     * @param naiveAbs     the series' mean absolute one-step naive difference over its training history
     * @param naiveSquared its mean squared one-step naive difference
     * @param p05..p95     the interval ends and median, as daily rates like {@code actual} and {@code point}
     */
    public void add(String method, int horizon, String series, double naiveAbs, double naiveSquared, double actual,
                    double point, double p05, double p10, double p50, double p90, double p95) {
        Objects.requireNonNull(method, "method must not be null");
        if (!(naiveAbs > 0) || !(naiveSquared > 0)) {
            return;
        }
        SeriesErrors e = cells.computeIfAbsent(new Cell(method, horizon), c -> new LinkedHashMap<>())
                .computeIfAbsent(series, s -> new SeriesErrors(naiveAbs, naiveSquared));
        double error = actual - point;
        e.squared += error * error;
        e.absolute += Math.abs(error);
        e.pinball50 += pinball(actual, p50, 0.5);
        e.pinball90 += pinball(actual, p90, 0.9);
        e.covered80 += actual >= p10 && actual <= p90 ? 1 : 0;
        e.covered90 += actual >= p05 && actual <= p95 ? 1 : 0;
        e.width90 += p95 - p05;
        e.n++;
    }

    public static double pinball(double actual, double quantile, double level) {
        double d = actual - quantile;
        return d >= 0 ? level * d : (level - 1) * d;
    }

    /** Per method and horizon, then per method over all horizons (horizon 0), in the order methods were added. */
    public List<Summary> summaries() {
        List<Summary> out = new ArrayList<>();
        Map<String, List<Map<String, SeriesErrors>>> byMethod = new LinkedHashMap<>();
        Map<String, Map<Integer, Map<String, SeriesErrors>>> ordered = new LinkedHashMap<>();
        cells.forEach((cell, series) -> {
            ordered.computeIfAbsent(cell.method(), m -> new TreeMap<>()).put(cell.horizon(), series);
            byMethod.computeIfAbsent(cell.method(), m -> new ArrayList<>()).add(series);
        });
        ordered.forEach((method, horizons) -> {
            horizons.forEach((h, series) -> out.add(summarise(method, h, List.of(series))));
            if (horizons.size() > 1) {
                out.add(summarise(method, 0, byMethod.get(method)));
            }
        });
        return out;
    }

    public Summary summary(String method, int horizon) {
        return summaries().stream().filter(s -> s.method().equals(method) && s.horizon() == horizon).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no forecasts of " + method + " at " + horizon));
    }

    private static Summary summarise(String method, int horizon, List<Map<String, SeriesErrors>> groups) {
        double rmsse = 0;
        double mase = 0;
        double p50 = 0;
        double p90 = 0;
        double width = 0;
        long covered80 = 0;
        long covered90 = 0;
        long forecasts = 0;
        int series = 0;
        for (Map<String, SeriesErrors> group : groups) {
            for (SeriesErrors e : group.values()) {
                rmsse += Math.sqrt(e.squared / e.n / e.naiveSquared);
                mase += e.absolute / e.n / e.naiveAbs;
                p50 += e.pinball50 / e.n / e.naiveAbs;
                p90 += e.pinball90 / e.n / e.naiveAbs;
                width += e.width90 / e.n / e.naiveAbs;
                covered80 += e.covered80;
                covered90 += e.covered90;
                forecasts += e.n;
                series++;
            }
        }
        return new Summary(method, horizon, series, (int) forecasts, rmsse / series, mase / series, p50 / series,
                p90 / series, (double) covered80 / forecasts, (double) covered90 / forecasts, width / series);
    }

    /** The mean absolute and mean squared one-step naive differences of {@code daily[0..last]}. */
    public static double[] naiveScale(double[] daily, int last) {
        double abs = 0;
        double sq = 0;
        int n = 0;
        for (int t = 1; t <= last && t < daily.length; t++) {
            double d = daily[t] - daily[t - 1];
            abs += Math.abs(d);
            sq += d * d;
            n++;
        }
        return n == 0 ? new double[] {0, 0} : new double[] {abs / n, sq / n};
    }
}
