package org.stockbridge.forecasting.demand;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.domain.SiteKind;
import org.stockbridge.forecasting.driver.DemandDriver;

/**
 * The features of one (series, origin, horizon): lags and rolling statistics of the series up to the origin day,
 * the same window a year earlier, calendar terms of the forecast window, what kind of series it is, the demand
 * driver (the hospital census of the series' region) as it stood {@value #DRIVER_LAG_DAYS} days before the origin, and
 * the recent movement of the total of the series' region and product kind ({@link PanelSignals}).
 * Nothing after the origin is read. Level features are divided by the series' scale (its mean over the last
 * {@value #SCALE_DAYS} days), so one global model serves series of any size; a feature that needs more history than
 * the series has is missing (NaN), which the trees treat as missing.
 */
public final class DemandFeatures {

    /** The census is published a few days late: only its value this many days before the origin is used. */
    public static final int DRIVER_LAG_DAYS = 3;
    public static final int SCALE_DAYS = 91;
    /** The smallest scale, so that a series that was silent for a quarter does not divide by zero. */
    public static final double MIN_SCALE = 0.05;

    public static final List<String> NAMES = List.of(
            "horizon", "log_scale", "mean_7", "mean_14", "mean_28", "mean_prev_7", "mean_29_56", "ewm_10",
            "max_28", "std_28", "zero_share_28", "days_since_nonzero", "last_year_window", "last_year_ratio",
            "window_doy_sin", "window_doy_cos", "origin_dow", "depot", "site_dispensing", "site_national",
            "site_regional", "site_provincial", "ppe", "drug", "respiratory", "us", "driver_level", "driver_trend_14",
            "driver_vs_91", "region_7_vs_91", "region_28_vs_91", "region_7_vs_28", "region_prev_7_vs_91");

    private DemandFeatures() {
    }

    /** The scale of a series at an origin: its mean daily consumption over the last {@value #SCALE_DAYS} days. */
    public static double scale(DemandSeries series, int origin) {
        double mean = series.mean(origin - SCALE_DAYS + 1, origin);
        return Double.isNaN(mean) ? MIN_SCALE : Math.max(MIN_SCALE, mean);
    }

    /**
     * @param origin the index of the last known day
     * @param horizon how many days ahead the forecast window reaches (the window is {@code origin+1..origin+horizon})
     */
    public static double[] compute(DemandSeries series, int origin, int horizon, PanelSignals signals) {
        Objects.requireNonNull(series, "series must not be null");
        Objects.requireNonNull(signals, "signals must not be null");
        DemandDriver driver = signals.driver();
        if (origin < 0 || origin >= series.length()) {
            throw new IllegalArgumentException("origin " + origin + " is outside series " + series.key());
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be positive, was " + horizon);
        }
        double[] d = series.daily();
        double scale = scale(series, origin);
        double[] f = new double[NAMES.size()];
        int i = 0;
        f[i++] = horizon;
        f[i++] = Math.log(scale);
        f[i++] = ratio(series.mean(origin - 6, origin), scale, origin >= 6);
        f[i++] = ratio(series.mean(origin - 13, origin), scale, origin >= 13);
        f[i++] = ratio(series.mean(origin - 27, origin), scale, origin >= 27);
        f[i++] = ratio(series.mean(origin - 13, origin - 7), scale, origin >= 13);
        f[i++] = ratio(series.mean(origin - 55, origin - 28), scale, origin >= 55);
        f[i++] = ewm(d, origin, 0.1) / scale;
        double max = 0;
        double sum = 0;
        double squares = 0;
        int zeros = 0;
        int n = 0;
        for (int k = Math.max(0, origin - 27); k <= origin; k++) {
            max = Math.max(max, d[k]);
            sum += d[k];
            squares += d[k] * d[k];
            zeros += d[k] == 0 ? 1 : 0;
            n++;
        }
        double mean = sum / n;
        f[i++] = max / scale;
        f[i++] = Math.sqrt(Math.max(0, squares / n - mean * mean)) / scale;
        f[i++] = (double) zeros / n;
        int since = 0;
        while (since <= origin && since < 365 && d[origin - since] == 0) {
            since++;
        }
        f[i++] = since;
        int lastYear = origin - 364;
        boolean yearBack = lastYear - 27 >= 0;
        double lastYearWindow = yearBack ? series.mean(lastYear + 1, lastYear + horizon) : Double.NaN;
        double lastYearBefore = yearBack ? series.mean(lastYear - 27, lastYear) : Double.NaN;
        f[i++] = yearBack ? lastYearWindow / scale : Double.NaN;
        f[i++] = yearBack ? lastYearWindow / Math.max(MIN_SCALE, lastYearBefore) : Double.NaN;
        LocalDate middle = series.date(origin).plusDays((horizon + 1) / 2);
        double phase = 2 * Math.PI * middle.getDayOfYear() / 365.25;
        f[i++] = Math.sin(phase);
        f[i++] = Math.cos(phase);
        f[i++] = series.date(origin).getDayOfWeek().getValue();
        DemandSeries.Attributes a = series.attributes();
        f[i++] = a.depot() ? 1 : 0;
        f[i++] = a.siteKind() == SiteKind.DISPENSING || a.siteKind() == SiteKind.HOSPITAL ? 1 : 0;
        f[i++] = a.siteKind() == SiteKind.NATIONAL ? 1 : 0;
        f[i++] = a.siteKind() == SiteKind.REGIONAL ? 1 : 0;
        f[i++] = a.siteKind() == SiteKind.PROVINCIAL || a.siteKind() == SiteKind.STATE ? 1 : 0;
        f[i++] = a.productKind() == ProductKind.PPE ? 1 : 0;
        f[i++] = a.productKind() == ProductKind.DRUG ? 1 : 0;
        f[i++] = a.respiratory() ? 1 : 0;
        f[i++] = a.jurisdiction() == Jurisdiction.US ? 1 : 0;
        LocalDate known = series.date(origin).minusDays(DRIVER_LAG_DAYS);
        double level = driver.factor(a.region(), known);
        double before = driver.factor(a.region(), known.minusDays(14));
        double quarter = 0;
        for (int k = 0; k < 91; k += 7) {
            quarter += driver.factor(a.region(), known.minusDays(k));
        }
        quarter /= 13;
        f[i++] = level;
        f[i++] = before > 0 ? level / before : Double.NaN;
        f[i++] = quarter > 0 ? level / quarter : Double.NaN;
        LocalDate day = series.date(origin);
        double region91 = signals.groupMean(series, day, 0, 91);
        double region28 = signals.groupMean(series, day, 0, 28);
        double region7 = signals.groupMean(series, day, 0, 7);
        double regionPrev7 = signals.groupMean(series, day, 7, 7);
        f[i++] = region91 > 0 ? region7 / region91 : Double.NaN;
        f[i++] = region91 > 0 ? region28 / region91 : Double.NaN;
        f[i++] = region28 > 0 ? region7 / region28 : Double.NaN;
        f[i++] = region91 > 0 ? regionPrev7 / region91 : Double.NaN;
        return f;
    }

    private static double ratio(double value, double scale, boolean available) {
        return available && !Double.isNaN(value) ? value / scale : Double.NaN;
    }

    /** An exponentially weighted mean of the history up to {@code origin}, started at the first day. */
    private static double ewm(double[] d, int origin, double alpha) {
        double level = d[Math.max(0, origin - 180)];
        for (int k = Math.max(0, origin - 180) + 1; k <= origin; k++) {
            level += alpha * (d[k] - level);
        }
        return level;
    }
}
