package org.stockbridge.forecasting.demand;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stockbridge.forecasting.driver.DemandDriver;

/**
 * What the other series of a panel say: the daily consumption summed over the series of one region and product kind.
 * Surges strike a region's sites together, so the recent movement of the region's total (seen through many series,
 * less noisy than one) tells a site's coming demand. Only days up to a forecast's origin are read. Comes with the
 * demand driver, so a feature computation has every outside signal in one place.
 */
public final class PanelSignals {

    private final DemandDriver driver;
    private final LocalDate start;
    private final Map<String, double[]> totals;

    private PanelSignals(DemandDriver driver, LocalDate start, Map<String, double[]> totals) {
        this.driver = driver;
        this.start = start;
        this.totals = totals;
    }

    /** The signals of a panel of series (all of them, or those known as of some day). */
    public static PanelSignals of(List<DemandSeries> panel, DemandDriver driver) {
        Objects.requireNonNull(driver, "driver must not be null");
        if (panel.isEmpty()) {
            return new PanelSignals(driver, LocalDate.EPOCH, Map.of());
        }
        LocalDate start = panel.stream().map(DemandSeries::start).min(LocalDate::compareTo).orElseThrow();
        LocalDate end = panel.stream().map(DemandSeries::end).max(LocalDate::compareTo).orElseThrow();
        int days = (int) ChronoUnit.DAYS.between(start, end) + 1;
        Map<String, double[]> totals = new HashMap<>();
        for (DemandSeries s : panel) {
            double[] sum = totals.computeIfAbsent(group(s), g -> new double[days]);
            int offset = (int) ChronoUnit.DAYS.between(start, s.start());
            double[] d = s.daily();
            for (int i = 0; i < d.length; i++) {
                sum[offset + i] += d[i];
            }
        }
        return new PanelSignals(driver, start, totals);
    }

    /** No panel: only the driver. */
    public static PanelSignals none(DemandDriver driver) {
        return new PanelSignals(driver, LocalDate.EPOCH, Map.of());
    }

    public DemandDriver driver() {
        return driver;
    }

    private static String group(DemandSeries s) {
        return s.attributes().region() + "|" + s.attributes().productKind();
    }

    /**
     * The mean daily total of the series' group over the {@code days} days ending {@code lag} days before
     * {@code date}; NaN when the group or those days are unknown.
     */
    double groupMean(DemandSeries series, LocalDate date, int lag, int days) {
        double[] sum = totals.get(group(series));
        if (sum == null) {
            return Double.NaN;
        }
        int last = (int) ChronoUnit.DAYS.between(start, date) - lag;
        int first = last - days + 1;
        if (first < 0 || last >= sum.length) {
            return Double.NaN;
        }
        double total = 0;
        for (int i = first; i <= last; i++) {
            total += sum[i];
        }
        return total / days;
    }
}
