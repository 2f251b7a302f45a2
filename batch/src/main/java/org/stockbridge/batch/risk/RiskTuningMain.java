package org.stockbridge.batch.risk;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.stockbridge.forecasting.backtest.Backtests;
import org.stockbridge.forecasting.backtest.RiskRollingBacktest;
import org.stockbridge.forecasting.metrics.ClassificationMetrics;
import org.stockbridge.forecasting.risk.RiskSources;

/**
 * Compares XGBoost settings of the risk model on a few origins, to tune them on early origins before the rolling
 * backtest reports them on all: {@code RiskTuningMain data-directory origins settings [horizon]}, origins as
 * {@code 2021-04-01,2021-10-01}, settings as {@code 150/4/0.1/5,300/3/0.05/20,150/4/0.1/5/hard}
 * ({@code trees/depth/eta/minChildWeight}, {@code /hard}: trained on the hard population only, {@code /refit}: refitted
 * on the calibration year too, {@code /linear0.3}: a logistic regression's probability blended in at that share,
 * {@code /+a-b}: column {@code a} added to the served ones, {@code b} left out; parts such as {@code /own},
 * {@code /rank:map}, {@code /count:poisson}, {@code /bag3}, {@code /decay12}, {@code /loglin}: the served recipe or
 * a variant of it fitted with xgboost4j directly, see {@code RiskBoosterExperiment}; see
 * {@link RiskRollingBacktest.Setting#parse}). Prints, on the hard
 * population, each setting's mean ROC-AUC, PR-AUC and Brier score over the origins and its difference from the first
 * setting, beside the recency-weighted report count.
 */
public final class RiskTuningMain {

    private RiskTuningMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: RiskTuningMain data-directory origins settings [horizon]");
        }
        RiskSources sources = RiskFiles.read(Path.of(args[0]));
        List<LocalDate> origins = Arrays.stream(args[1].split(",")).map(String::trim).map(LocalDate::parse).toList();
        List<RiskRollingBacktest.Setting> settings = Arrays.stream(args[2].split(","))
                .map(RiskRollingBacktest.Setting::parse).toList();
        int horizon = args.length > 3 ? Integer.parseInt(args[3]) : 90;
        List<RiskRollingBacktest.Score> scores = RiskRollingBacktest.compare(sources, settings, origins, horizon,
                Backtests.SEED);
        System.out.printf(Locale.ROOT, "Hard population, %d days, origins %s%n%n", horizon, origins);
        System.out.println("| setting | ROC-AUC | Δ ROC-AUC | PR-AUC | Δ PR-AUC | Brier | Δ Brier |");
        System.out.println("|---|---|---|---|---|---|---|");
        String first = settings.get(0).name();
        row(scores, "recency-weighted report count", first, RiskRollingBacktest.RECENCY, horizon);
        for (RiskRollingBacktest.Setting s : settings) {
            row(scores, s.name(), first, RiskRollingBacktest.MODEL, horizon);
        }
    }

    private static void row(List<RiskRollingBacktest.Score> scores, String name, String first, String method,
                            int horizon) {
        String variant = method.equals(RiskRollingBacktest.MODEL) ? name : first;
        StringBuilder line = new StringBuilder("| " + name);
        for (ToDoubleFunction<ClassificationMetrics.Summary> metric : List.<ToDoubleFunction<
                ClassificationMetrics.Summary>>of(ClassificationMetrics.Summary::rocAuc,
                ClassificationMetrics.Summary::prAuc, ClassificationMetrics.Summary::brier)) {
            double[] own = values(scores, variant, method, horizon, metric);
            double[] base = values(scores, first, RiskRollingBacktest.MODEL, horizon, metric);
            double delta = 0;
            for (int i = 0; i < own.length; i++) {
                delta += (own[i] - base[i]) / own.length;
            }
            line.append(String.format(Locale.ROOT, " | %.4f | %+.4f", Arrays.stream(own).average().orElse(Double.NaN),
                    delta));
        }
        System.out.println(line.append(" |"));
    }

    private static double[] values(List<RiskRollingBacktest.Score> scores, String variant, String method, int horizon,
                                   ToDoubleFunction<ClassificationMetrics.Summary> metric) {
        return RiskRollingBacktest.values(new RiskRollingBacktest.Result(scores, List.of(), List.of(), List.of(), 0,
                0, 0, 0, 0, 0, 1, 1), variant, method, horizon, "hard", metric);
    }
}
