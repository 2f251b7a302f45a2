package org.stockbridge.forecasting.backtest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.stockbridge.forecasting.metrics.ClassificationMetrics;
import org.stockbridge.forecasting.risk.RiskFeatures;
import org.stockbridge.forecasting.risk.RiskModel;
import org.stockbridge.forecasting.risk.RiskRow;
import org.stockbridge.forecasting.risk.RiskSources;
import org.stockbridge.forecasting.risk.RiskTrainer;

/**
 * The time-split backtest of the shortage-risk models: train on the origins through 2022 (label windows inside 2022),
 * calibrate and validate on 2023, test on 2024 (windows ending by the last filing date of the history). The model,
 * the logistic regression on the same features, the base rate and "had a report in the last 12 months" are scored
 * on the same rows.
 */
public final class RiskBacktest {

    /** The metrics of every scorer on one set, for one horizon. */
    public record Result(int horizonDays, String set, List<ClassificationMetrics.Summary> summaries,
                         int trainingRows, long trainMillis) {
    }

    public static final LocalDate TRAIN_TO = LocalDate.of(2023, 1, 1);
    public static final LocalDate VALIDATE_TO = LocalDate.of(2024, 1, 1);

    private final long seed;

    public RiskBacktest(long seed) {
        this.seed = seed;
    }

    public List<Result> run(RiskSources sources, int horizonDays) {
        LocalDate end = sources.lastFiled().plusDays(1);
        List<RiskRow> training = RiskTrainer.rows(sources,
                RiskTrainer.origins(RiskTrainer.FIRST_ORIGIN, TRAIN_TO, horizonDays), horizonDays, TRAIN_TO);
        List<RiskRow> validation = RiskTrainer.rows(sources, RiskTrainer.origins(TRAIN_TO, VALIDATE_TO, horizonDays),
                horizonDays, VALIDATE_TO);
        List<RiskRow> test = RiskTrainer.rows(sources, RiskTrainer.origins(VALIDATE_TO, end, horizonDays),
                horizonDays, end);
        long begin = System.nanoTime();
        // Not RiskTrainer.served: its refit would learn the 2023 labels this split reports as validation.
        RiskModel xgb = RiskTrainer.xgboost(seed, 1).train(training, validation, horizonDays, TRAIN_TO, VALIDATE_TO);
        long millis = (System.nanoTime() - begin) / 1_000_000;
        RiskModel lr = RiskTrainer.logistic().train(training, validation, horizonDays, TRAIN_TO, VALIDATE_TO);
        double baseRate = training.stream().filter(RiskRow::label).count() / (double) training.size();
        List<Result> results = new ArrayList<>();
        results.add(new Result(horizonDays, "validation 2023", evaluate(validation, xgb, lr, baseRate),
                training.size(), millis));
        results.add(new Result(horizonDays, "test 2024", evaluate(test, xgb, lr, baseRate), training.size(), millis));
        return results;
    }

    private static List<ClassificationMetrics.Summary> evaluate(List<RiskRow> rows, RiskModel xgb, RiskModel lr,
                                                                double baseRate) {
        boolean[] labels = new boolean[rows.size()];
        double[] base = new double[rows.size()];
        double[] lastYear = new double[rows.size()];
        int recent = RiskFeatures.NAMES.indexOf("shortages_365");
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rows.get(i).label();
            base[i] = baseRate;
            lastYear[i] = rows.get(i).features()[recent] > 0 ? 1 : 0;
        }
        List<ClassificationMetrics.Summary> out = new ArrayList<>();
        out.add(ClassificationMetrics.summarise(xgb.name() + " (Platt-calibrated)", labels, xgb.probabilities(rows)));
        out.add(ClassificationMetrics.summarise(lr.name() + " (Platt-calibrated)", labels, lr.probabilities(rows)));
        out.add(ClassificationMetrics.summarise("base rate", labels, base));
        out.add(ClassificationMetrics.summarise("had a report in the last 12 months", labels, lastYear));
        return out;
    }
}
