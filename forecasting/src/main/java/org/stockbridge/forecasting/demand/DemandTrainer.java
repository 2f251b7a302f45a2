package org.stockbridge.forecasting.demand;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * Trains the global demand model as of a day: one Tribuo XGBoost regressor with a Tweedie loss (which suits
 * intermittent, over-dispersed counts) over every series and every horizon, on windows that end before the
 * calibration period; then split conformal calibration on the windows of the calibration period, which end on or
 * before the as-of day. Nothing after the as-of day is read.
 */
public final class DemandTrainer {

    public static final String MODEL_NAME = "demand-xgboost-tweedie";

    /** Days between the origins of calibration windows. */
    static final int CALIBRATION_STEP = 2;

    private final DemandTrainingSettings settings;
    private final Trainer<Regressor> trainer;
    private final String name;

    public DemandTrainer(DemandTrainingSettings settings) {
        this(settings, xgboost(settings), MODEL_NAME);
    }

    /** A trainer with another Tribuo regression trainer (the backtest trains the dummy regressor this way). */
    public DemandTrainer(DemandTrainingSettings settings, Trainer<Regressor> trainer, String name) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.trainer = Objects.requireNonNull(trainer, "trainer must not be null");
        this.name = Objects.requireNonNull(name, "name must not be null");
    }

    /** Tribuo's XGBoost regression trainer with a Tweedie objective, histogram trees, row and column subsampling. */
    public static XGBoostRegressionTrainer xgboost(DemandTrainingSettings s) {
        return new XGBoostRegressionTrainer(XGBoostTrainer.BoosterType.GBTREE, XGBoostTrainer.TreeMethod.HIST,
                XGBoostRegressionTrainer.RegressionType.TWEEDIE, s.trees(), s.eta(), 0.0, s.maxDepth(), 5.0, 0.8,
                0.8, 1.0, 0.0, s.threads(), XGBoostTrainer.LoggingVerbosity.SILENT, s.seed());
    }

    public DemandTrainingSettings settings() {
        return settings;
    }

    /**
     * The training and calibration rows of an as-of day.
     *
     * @param trainingCandidates    the training windows there were before the cap
     * @param calibrationCandidates the calibration windows there were before the cap
     */
    public record Split(List<ForecastRow> training, List<ForecastRow> calibration, LocalDate trainingFrom,
                        LocalDate trainingTo, LocalDate calibrationTo, long trainingCandidates,
                        long calibrationCandidates) {
    }

    /**
     * Training windows end on or before {@code asOf - calibrationDays}; calibration windows start after that cut and
     * end on or before {@code asOf}. Each set is then cut to its cap by a seeded, stratified sample of origins
     * ({@link WindowSample}), which never moves a window from one set to the other.
     */
    public Split split(List<DemandSeries> series, LocalDate asOf) {
        List<WindowSample.Run> training = new ArrayList<>();
        List<WindowSample.Run> calibration = new ArrayList<>();
        for (DemandSeries s : series) {
            int last = Math.min(s.length() - 1, s.index(asOf));
            int cut = last - settings.calibrationDays();
            for (int h : settings.horizons()) {
                int first = settings.minHistory() - 1;
                int count = first + h <= cut ? (cut - h - first) / settings.originStep() + 1 : 0;
                training.add(new WindowSample.Run(s, h, first, settings.originStep(), count));
                int from = Math.max(cut, first);
                calibration.add(new WindowSample.Run(s, h, from, CALIBRATION_STEP,
                        from + h <= last ? (last - h - from) / CALIBRATION_STEP + 1 : 0));
            }
        }
        List<ForecastRow> trainingRows = WindowSample.take(training, settings.maxTrainingRows(), settings.seed());
        List<ForecastRow> calibrationRows = WindowSample.take(calibration, settings.maxCalibrationRows(),
                ~settings.seed());
        LocalDate from = null;
        for (ForecastRow row : trainingRows) {
            LocalDate d = row.series().date(row.origin());
            if (from == null || d.isBefore(from)) {
                from = d;
            }
        }
        return new Split(trainingRows, calibrationRows, from, asOf.minusDays(settings.calibrationDays()), asOf,
                WindowSample.candidates(training), WindowSample.candidates(calibration));
    }

    /** Trains and calibrates the model as of {@code asOf} (the last day of data it may use). */
    public DemandModel train(List<DemandSeries> series, LocalDate asOf, DemandDriver driver) {
        Objects.requireNonNull(series, "series must not be null");
        Objects.requireNonNull(asOf, "asOf must not be null");
        Objects.requireNonNull(driver, "driver must not be null");
        Split split = split(series, asOf);
        PanelSignals signals = PanelSignals.of(series, driver);
        if (split.training().isEmpty() || split.calibration().isEmpty()) {
            throw new IllegalArgumentException("not enough history before " + asOf + " to train for horizons "
                    + settings.horizons() + " with " + settings.calibrationDays() + " calibration days");
        }
        Map<String, Provenance> run = new LinkedHashMap<>();
        run.put("training-from", new StringProvenance("training-from", String.valueOf(split.trainingFrom())));
        run.put("training-to", new StringProvenance("training-to", String.valueOf(split.trainingTo())));
        run.put("calibration-to", new StringProvenance("calibration-to", String.valueOf(split.calibrationTo())));
        run.put("horizons", new StringProvenance("horizons", settings.horizons().toString()));
        run.put("series", new StringProvenance("series", String.valueOf(series.size())));
        run.put("training-windows", new StringProvenance("training-windows", split.training().size() + " of "
                + split.trainingCandidates() + " (cap " + settings.maxTrainingRows() + ", seed " + settings.seed()
                + ")"));
        run.put("driver", new StringProvenance("driver", driver.describe()));
        Model<Regressor> model = RegressionRows.fit(trainer, split.training(), signals,
                "demand windows of " + series.size() + " series ending by " + split.trainingTo(), run);
        double[] predicted = RegressionRows.predictRates(model, split.calibration(), signals);
        ConformalCalibrator.Builder calibrator = ConformalCalibrator.builder();
        double error = 0;
        double naiveError = 0;
        for (int i = 0; i < predicted.length; i++) {
            ForecastRow row = split.calibration().get(i);
            calibrator.add(row.horizon(), row.series().attributes().depot(), row.actualRate(), predicted[i],
                    row.scale());
            error += Math.abs(row.actualRate() - predicted[i]);
            naiveError += Math.abs(row.actualRate() - row.series().mean(row.origin() - 6, row.origin()));
        }
        int n = predicted.length;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("calibration_mae", error / n);
        metrics.put("calibration_mae_seasonal_naive", naiveError / n);
        metrics.put("calibration_mae_ratio", naiveError == 0 ? Double.NaN : error / naiveError);
        metrics.put("training_candidates", (double) split.trainingCandidates());
        metrics.put("calibration_candidates", (double) split.calibrationCandidates());
        return new DemandModel(name, model, calibrator.build(), settings.horizons(), split.trainingFrom(),
                split.trainingTo(), asOf, split.training().size(), split.calibration().size(), metrics);
    }
}
