package org.stockbridge.forecasting.backtest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stockbridge.forecasting.baseline.RateForecaster;
import org.stockbridge.forecasting.demand.ConformalCalibrator;
import org.stockbridge.forecasting.demand.DemandForecast;
import org.stockbridge.forecasting.demand.DemandModel;
import org.stockbridge.forecasting.demand.DemandSeries;
import org.stockbridge.forecasting.demand.DemandTrainer;
import org.stockbridge.forecasting.demand.ForecastRow;
import org.stockbridge.forecasting.demand.PanelSignals;
import org.stockbridge.forecasting.demand.RegressionRows;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.metrics.DemandAccuracy;

/**
 * A rolling-origin backtest of demand forecasts: at each origin every Tribuo model is refitted on fresh rows that end
 * before the origin's calibration period, every method (models and baselines alike) is conformally calibrated on the
 * windows of that period (which end by the origin), and all are scored on the windows after the origin. Series are
 * scaled by their one-step naive error over the history before the first origin.
 */
public final class DemandBacktest {

    /** One fold's timing. */
    public record Fold(LocalDate origin, long trainMillis, int trainingRows, int calibrationRows, int forecasts) {
    }

    /** Everything a run measured. */
    public record Result(List<DemandAccuracy.Summary> summaries, List<Fold> folds, List<String> methods,
                         int series) {
    }

    private final List<DemandTrainer> trainers;
    private final List<RateForecaster> baselines;

    public DemandBacktest(List<DemandTrainer> trainers, List<RateForecaster> baselines) {
        this.trainers = List.copyOf(trainers);
        this.baselines = List.copyOf(baselines);
        if (this.trainers.isEmpty()) {
            throw new IllegalArgumentException("a backtest needs at least one model");
        }
    }

    public Result run(List<DemandSeries> series, List<LocalDate> origins, DemandDriver driver) {
        Objects.requireNonNull(series, "series must not be null");
        if (origins.isEmpty()) {
            throw new IllegalArgumentException("a backtest needs at least one origin");
        }
        List<Integer> horizons = trainers.get(0).settings().horizons();
        LocalDate first = origins.stream().min(LocalDate::compareTo).orElseThrow();
        Map<DemandSeries.Key, double[]> naive = new HashMap<>();
        for (DemandSeries s : series) {
            naive.put(s.key(), DemandAccuracy.naiveScale(s.daily(), s.index(first)));
        }
        DemandAccuracy accuracy = new DemandAccuracy();
        List<Fold> folds = new ArrayList<>();
        PanelSignals signals = PanelSignals.of(series, driver);
        List<String> methods = new ArrayList<>();
        for (LocalDate origin : origins) {
            List<ForecastRow> evaluation = new ArrayList<>();
            for (DemandSeries s : series) {
                int o = s.index(origin);
                for (int h : horizons) {
                    if (o >= trainers.get(0).settings().minHistory() - 1 && o + h < s.length()) {
                        evaluation.add(new ForecastRow(s, o, h));
                    }
                }
            }
            long trainMillis = 0;
            int trainingRows = 0;
            int calibrationRows = 0;
            for (DemandTrainer trainer : trainers) {
                long begin = System.nanoTime();
                DemandModel model = trainer.train(series, origin, driver);
                if (trainer == trainers.get(0)) {
                    trainMillis = (System.nanoTime() - begin) / 1_000_000;
                    trainingRows = model.trainingRows();
                    calibrationRows = model.calibrationRows();
                }
                double[] rates = RegressionRows.predictRates(model.model(), evaluation, signals);
                record(accuracy, model.name(), evaluation, rates, model.calibrator(), naive);
                if (!methods.contains(model.name())) {
                    methods.add(model.name());
                }
            }
            List<ForecastRow> calibration = trainers.get(0).split(series, origin).calibration();
            for (RateForecaster baseline : baselines) {
                ConformalCalibrator.Builder builder = ConformalCalibrator.builder();
                for (ForecastRow row : calibration) {
                    builder.add(row.horizon(), row.series().attributes().depot(), row.actualRate(),
                            baseline.rate(row.series(), row.origin(), row.horizon()), row.scale());
                }
                double[] rates = new double[evaluation.size()];
                for (int i = 0; i < rates.length; i++) {
                    ForecastRow row = evaluation.get(i);
                    rates[i] = baseline.rate(row.series(), row.origin(), row.horizon());
                }
                record(accuracy, baseline.name(), evaluation, rates, builder.build(), naive);
                if (!methods.contains(baseline.name())) {
                    methods.add(baseline.name());
                }
            }
            folds.add(new Fold(origin, trainMillis, trainingRows, calibrationRows, evaluation.size()));
        }
        return new Result(accuracy.summaries(), folds, methods, series.size());
    }

    static void record(DemandAccuracy accuracy, String method, List<ForecastRow> rows, double[] rates,
                               ConformalCalibrator calibrator, Map<DemandSeries.Key, double[]> naive) {
        for (int i = 0; i < rows.size(); i++) {
            ForecastRow row = rows.get(i);
            double[] totals = calibrator.totals(row.horizon(), row.series().attributes().depot(), rates[i],
                    row.scale());
            double h = row.horizon();
            DemandForecast f = new DemandForecast(row.series().key(), row.series().date(row.origin()), row.horizon(),
                    totals);
            double[] scale = naive.get(row.series().key());
            accuracy.add(method, row.horizon(), row.series().key().toString(), scale[0], scale[1], row.actualRate(),
                    rates[i], f.quantile(0.05) / h, f.quantile(0.10) / h, f.quantile(0.5) / h, f.quantile(0.9) / h,
                    f.quantile(0.95) / h);
        }
    }

    /** The first day of each month from {@code from} to {@code to}, both included when they are firsts. */
    public static List<LocalDate> monthlyOrigins(LocalDate from, LocalDate to) {
        List<LocalDate> origins = new ArrayList<>();
        LocalDate d = from.withDayOfMonth(1);
        if (d.isBefore(from)) {
            d = d.plusMonths(1);
        }
        for (; !d.isAfter(to); d = d.plusMonths(1)) {
            origins.add(d);
        }
        return origins;
    }

    static Map<String, DemandAccuracy.Summary> byMethod(List<DemandAccuracy.Summary> summaries, int horizon) {
        Map<String, DemandAccuracy.Summary> out = new LinkedHashMap<>();
        for (DemandAccuracy.Summary s : summaries) {
            if (s.horizon() == horizon) {
                out.put(s.method(), s);
            }
        }
        return out;
    }
}
