package org.stockbridge.forecasting.demand;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

/**
 * A trained, calibrated demand model: the Tribuo regressor (with its provenance), the conformal calibrator and the
 * window it was trained on.
 *
 * @param trainingTo      the last day a training window reached
 * @param calibratedTo    the last day of the calibration period (the as-of day of training)
 * @param trainingRows    how many windows it was trained on
 * @param calibrationRows how many windows calibrated it
 * @param metrics         its errors on the calibration windows (which it was not trained on): mean absolute error
 *                        of the daily rate, the same for seasonal naive, and their ratio
 */
public record DemandModel(String name, Model<Regressor> model, ConformalCalibrator calibrator, List<Integer> horizons,
                          LocalDate trainingFrom, LocalDate trainingTo, LocalDate calibratedTo, int trainingRows,
                          int calibrationRows, java.util.Map<String, Double> metrics) {

    public DemandModel {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(model, "model must not be null");
        Objects.requireNonNull(calibrator, "calibrator must not be null");
        horizons = List.copyOf(horizons);
        metrics = metrics == null ? java.util.Map.of() : java.util.Map.copyOf(metrics);
    }

    /**
     * Forecasts each series of the panel over {@code horizon} days after {@code asOf}, from the panel's data up to
     * {@code asOf}. A series with less than a week of history before {@code asOf} is skipped.
     */
    public List<DemandForecast> forecast(List<DemandSeries> series, LocalDate asOf, int horizon, DemandDriver driver) {
        return forecast(series, series, asOf, horizon, driver);
    }

    /** Forecasts the chosen series, with the region signals of the whole panel they belong to. */
    public List<DemandForecast> forecast(List<DemandSeries> panel, List<DemandSeries> series, LocalDate asOf,
                                         int horizon, DemandDriver driver) {
        return forecast(PanelSignals.of(panel, driver), series, asOf, horizon);
    }

    /** Forecasts the chosen series with signals computed once for their panel ({@link PanelSignals#of}). */
    public List<DemandForecast> forecast(PanelSignals signals, List<DemandSeries> series, LocalDate asOf,
                                         int horizon) {
        if (!horizons.contains(horizon)) {
            throw new IllegalArgumentException("horizon must be one of " + horizons + ", was " + horizon);
        }
        List<ForecastRow> rows = new ArrayList<>();
        for (DemandSeries s : series) {
            int origin = Math.min(s.length() - 1, s.index(asOf));
            if (origin >= 6) {
                rows.add(new ForecastRow(s, origin, horizon));
            }
        }
        double[] rates = RegressionRows.predictRates(model, rows, signals);
        List<DemandForecast> forecasts = new ArrayList<>(rows.size());
        for (int i = 0; i < rates.length; i++) {
            ForecastRow row = rows.get(i);
            double[] totals = calibrator.totals(horizon, row.series().attributes().depot(), rates[i], row.scale());
            forecasts.add(new DemandForecast(row.series().key(), row.series().date(row.origin()), horizon, totals));
        }
        return forecasts;
    }

    /** The forecast of one series of the panel. */
    public DemandForecast forecast(List<DemandSeries> panel, DemandSeries series, LocalDate asOf, int horizon,
                                   DemandDriver driver) {
        List<DemandForecast> one = forecast(panel, List.of(series), asOf, horizon, driver);
        if (one.isEmpty()) {
            throw new IllegalArgumentException("series " + series.key() + " has less than a week of history by "
                    + asOf);
        }
        return one.get(0);
    }
}
