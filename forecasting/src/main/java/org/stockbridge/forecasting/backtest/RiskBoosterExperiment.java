package org.stockbridge.forecasting.backtest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.stockbridge.forecasting.risk.RiskFeatures;
import org.stockbridge.forecasting.risk.RiskModel;
import org.stockbridge.forecasting.risk.RiskRow;
import org.stockbridge.forecasting.risk.RiskTrainer;

/**
 * Tuning-only variants of the risk model that Tribuo's trainer cannot express, fitted with xgboost4j directly: a
 * ranking objective with one query group per origin, row weights (hard keys, positives), a bag of seeds, and other
 * blend partners (a refitted logistic regression, the recency-weighted count's calibrated probability). Every variant
 * follows the served recipe: fit on the training rows, Platt-calibrate the margin on the calibration rows, refit on
 * both with that calibration kept, blend.
 *
 * @param objective   XGBoost's objective: {@code binary:logistic}, {@code rank:pairwise}, {@code rank:ndcg}, ...
 * @param hardWeight  weight of a hard key's row (1: none)
 * @param posWeight   weight of a positive row (1: none)
 * @param bag         boosters of consecutive seeds whose margins are averaged
 * @param linearRefit whether the blended logistic regression is refitted on the calibration year too
 * @param countWeight share of the recency-weighted count's calibrated probability in the blend (0: none)
 * @param halfLife    months over which a training row's weight halves, counted back from the last training origin
 *                    (0: every origin weighs the same)
 * @param rates       whether the {@link #TOTALS} are also given the trees as a rate per year of history (a total
 *                    grows with the history, so a split learnt on early origins means less on later ones)
 * @param logLinear   whether the blended logistic regression reads every column as {@code sign(x) log(1 + |x|)}
 *                    (the count rule is a regression on a log count; counts act multiplicatively)
 * @param cap         with {@code count:poisson} or {@code reg:tweedie} (variance power 1.5, XGBoost's default),
 *                    the number of reports in a window the trees learn, capped at this
 *                    (0: not capped; one company may file a report for each of its DINs at once)
 * @param monotone    whether the trees are held monotone in the columns of {@link #RISING} (up) and
 *                    {@link #FALLING} (down): more recent shortages never lower the risk
 * @param countMargin whether the trees start from the recency-weighted count's Platt-calibrated logit (XGBoost's
 *                    base margin) and learn only what moves a key away from the count rule
 * @param oracle      not a model but a ceiling (0: off): the test keys are split into this many folds by key, and
 *                    each fold is scored by a fit that also learns from the other folds' rows of the origins within
 *                    {@link #ORACLE_MONTHS} months of the test origin, labels after the origin included: what
 *                    knowing the test period's own relation of columns to labels, on other keys, would give
 */
public record RiskBoosterExperiment(String objective, double hardWeight, double posWeight, int bag,
                                    boolean linearRefit, double countWeight, double halfLife, boolean rates,
                                    boolean logLinear, int cap, boolean monotone, boolean countMargin,
                                    int oracle) {

    public static final RiskBoosterExperiment NONE = new RiskBoosterExperiment("binary:logistic", 1, 1, 1, false, 0,
            0, false, false, 0, false, false, 0);

    /** How far from the test origin, either way, the {@link #oracle} takes the other folds' rows. */
    static final int ORACLE_MONTHS = 3;

    /** The {@link #oracle} fold of a key: a fixed hash of its name, so every origin splits the keys alike. */
    int fold(String key) {
        return Math.floorMod(key.hashCode() * 0x9E3779B9, oracle);
    }

    /** Columns the risk may only rise with under {@link #monotone}: the key's own and its class's shortages. */
    static final List<String> RISING = List.of("shortages_total", "shortages_365", "shortages_90", "shortages_30",
            "reports_recency_weighted", "companies_reporting_365", "dins_reporting_365", "dins_reported_total",
            "same_window_last_year", "atc_class_shortages_30", "atc_class_shortages_180", "atc_group_shortages_90",
            "atc_group_shortages_180", "episodes_recency_180", "shortage_recency_180");

    /** Columns the risk may only fall with under {@link #monotone}: the time since the key's last report. */
    static final List<String> FALLING = List.of("days_since_shortage", "days_since_report", "days_since_episode");

    /** The day the report history starts: what {@link #rates} divides the totals by is the time since. */
    static final LocalDate HISTORY_START = RiskTrainer.FIRST_ORIGIN.minusYears(1);

    /** The totals {@link #rates} turns into a rate a year of history. */
    static final List<String> TOTALS = List.of("shortages_total", "discontinuances_total", "dins_reported_total");

    public RiskBoosterExperiment {
        if (!objective.matches(OBJECTIVES) || !(hardWeight > 0) || !(posWeight > 0)
                || bag < 1 || countWeight < 0 || countWeight >= 1 || halfLife < 0 || oracle < 0 || oracle == 1) {
            throw new IllegalArgumentException("not an experiment: " + objective + ", hard weight " + hardWeight
                    + ", positive weight " + posWeight + ", bag " + bag + ", count share " + countWeight);
        }
    }

    static final String OBJECTIVES = "binary:logistic|rank:(pairwise|ndcg|map)|count:poisson|reg:tweedie";

    boolean ranking() {
        return objective.startsWith("rank:");
    }

    /**
     * The calibrated, blended probabilities of the test rows.
     *
     * @param hardTraining hard flags of the training rows, {@code hardCalibration} of the calibration rows
     */
    double[] fit(List<RiskRow> training, boolean[] hardTraining, int[] countTraining, List<RiskRow> calibration,
                 boolean[] hardCalibration, int[] countCalibration, List<RiskRow> test, List<String> columns,
                 int trees, int depth, double eta, double minChildWeight, double linearWeight, int horizon,
                 LocalDate cut, LocalDate origin, long seed) {
        int[] index = columns.stream().mapToInt(c -> {
            int i = RiskFeatures.NAMES.indexOf(c);
            return i >= 0 ? i : RiskFeatures.NAMES.size() + RiskFeatures.LEAKY.indexOf(c);
        }).toArray();
        int recencyColumn = RiskFeatures.NAMES.indexOf("reports_recency_weighted");
        double[] start = countMargin ? RiskRollingBacktest.Platt.fit(training,
                r -> Math.log(r.features()[recencyColumn] + 0.01)) : null;
        try {
            double[] first = margins(train(training, hardTraining, countTraining, index, columns, start, trees, depth,
                    eta, minChildWeight, seed), calibration, index, start);
            boolean[] labels = new boolean[calibration.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = calibration.get(i).label();
            }
            double[] platt = RiskRollingBacktest.Platt.fit(labels, first);
            List<RiskRow> both = new ArrayList<>(training);
            both.addAll(calibration);
            boolean[] hardBoth = new boolean[both.size()];
            System.arraycopy(hardTraining, 0, hardBoth, 0, hardTraining.length);
            System.arraycopy(hardCalibration, 0, hardBoth, hardTraining.length, hardCalibration.length);
            int[] countBoth = new int[both.size()];
            System.arraycopy(countTraining, 0, countBoth, 0, countTraining.length);
            System.arraycopy(countCalibration, 0, countBoth, countTraining.length, countCalibration.length);
            double[] m = margins(train(both, hardBoth, countBoth, index, columns, start, trees, depth, eta,
                    minChildWeight, seed), test, index, start);
            double[] p = new double[test.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = RiskRollingBacktest.Platt.apply(platt, m[i]);
            }
            double treeShare = 1 - linearWeight - countWeight;
            if (!(treeShare > 0)) {
                throw new IllegalArgumentException("the blend leaves the trees no share");
            }
            double[] linear = null;
            if (linearWeight > 0) {
                RiskTrainer lr = RiskTrainer.logistic().withFeatures(columns);
                RiskModel model = (linearRefit ? lr.refitted() : lr).train(logged(training), logged(calibration),
                        horizon, cut, origin);
                linear = model.probabilities(logged(test));
            }
            double[] count = null;
            if (countWeight > 0) {
                int recency = RiskFeatures.NAMES.indexOf("reports_recency_weighted");
                double[] cp = RiskRollingBacktest.Platt.fit(calibration,
                        r -> Math.log(r.features()[recency] + 0.01));
                count = new double[test.size()];
                for (int i = 0; i < count.length; i++) {
                    count[i] = RiskRollingBacktest.Platt.apply(cp, Math.log(test.get(i).features()[recency] + 0.01));
                }
            }
            for (int i = 0; i < p.length; i++) {
                p[i] = treeShare * p[i] + (linear == null ? 0 : linearWeight * linear[i])
                        + (count == null ? 0 : countWeight * count[i]);
            }
            return p;
        } catch (XGBoostError e) {
            throw new IllegalStateException("xgboost failed: " + e.getMessage(), e);
        }
    }

    private List<Booster> train(List<RiskRow> rows, boolean[] hard, int[] count, int[] index, List<String> columns,
                                double[] countStart, int trees, int depth, double eta, double minChildWeight, long seed)
            throws XGBoostError {
        DMatrix data = matrix(rows, index, countStart);
        float[] labels = new float[rows.size()];
        float[] weights = new float[rows.size()];
        boolean weighted = false;
        LocalDate last = rows.get(rows.size() - 1).origin();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rows.get(i).label() ? 1 : 0;
            if (objective.equals("count:poisson") || objective.equals("reg:tweedie")) {
                labels[i] = cap > 0 ? Math.min(cap, count[i]) : count[i];
            }
            weights[i] = (float) ((hard[i] ? hardWeight : 1) * (rows.get(i).label() ? posWeight : 1)
                    * decay(rows.get(i).origin(), last));
            weighted |= weights[i] != 1f;
        }
        data.setLabel(labels);
        if (ranking()) {
            int[] groups = groups(rows);
            data.setGroup(groups);
            if (hardWeight != 1 || posWeight != 1) {
                throw new IllegalArgumentException("a ranking objective weighs groups, not rows");
            }
            if (halfLife > 0) {
                float[] g = new float[groups.length];
                for (int k = 0, start = 0; k < groups.length; start += groups[k++]) {
                    g[k] = weights[start];
                }
                data.setWeight(g);
            }
        } else if (weighted) {
            data.setWeight(weights);
        }
        List<Booster> boosters = new ArrayList<>();
        for (int b = 0; b < bag; b++) {
            Map<String, Object> params = new HashMap<>();
            params.put("objective", objective);
            params.put("eta", eta);
            params.put("max_depth", depth);
            params.put("min_child_weight", minChildWeight);
            params.put("subsample", 0.8);
            params.put("colsample_bytree", 0.8);
            params.put("lambda", 1.0);
            params.put("alpha", 0.0);
            params.put("gamma", 0.0);
            params.put("tree_method", "hist");
            params.put("nthread", 1);
            params.put("verbosity", 0);
            params.put("seed", seed + b);
            if (monotone) {
                params.put("monotone_constraints", constraints(columns));
            }
            boosters.add(XGBoost.train(data, params, trees, new HashMap<>(), null, null));
        }
        data.dispose();
        return boosters;
    }

    /** XGBoost's monotone constraints of the columns, in order, then 0 for each {@link #rates} column. */
    String constraints(List<String> columns) {
        StringBuilder out = new StringBuilder("(");
        for (String c : columns) {
            out.append(RISING.contains(c) ? "1," : FALLING.contains(c) ? "-1," : "0,");
        }
        if (rates) {
            out.append("0,".repeat(TOTALS.size()));
        }
        return out.substring(0, out.length() - 1) + ")";
    }

    /** The weight of a row of origin {@code origin} when the last training origin is {@code last}. */
    double decay(LocalDate origin, LocalDate last) {
        if (halfLife == 0) {
            return 1;
        }
        long months = java.time.temporal.ChronoUnit.MONTHS.between(origin, last);
        return Math.pow(0.5, months / halfLife);
    }

    /** The rows with every column as {@code sign(x) log(1 + |x|)} when {@link #logLinear}, gaps filled first. */
    List<RiskRow> logged(List<RiskRow> rows) {
        if (!logLinear) {
            return rows;
        }
        int days = RiskFeatures.NAMES.indexOf("days_since_shortage");
        List<RiskRow> out = new ArrayList<>(rows.size());
        for (RiskRow r : rows) {
            double[] f = r.features().clone();
            for (int j = 0; j < f.length; j++) {
                double v = Double.isNaN(f[j]) ? (j == days ? 3650 : 0) : f[j];
                f[j] = Math.signum(v) * Math.log1p(Math.abs(v));
            }
            out.add(new RiskRow(r.ingredient(), r.origin(), f, r.label()));
        }
        return out;
    }

    /** Sizes of the runs of consecutive rows of one origin: XGBoost's query groups. */
    static int[] groups(List<RiskRow> rows) {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (i == 0 || !rows.get(i).origin().equals(rows.get(i - 1).origin())) {
                sizes.add(0);
            }
            sizes.set(sizes.size() - 1, sizes.get(sizes.size() - 1) + 1);
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    private double[] margins(List<Booster> boosters, List<RiskRow> rows, int[] index, double[] start)
            throws XGBoostError {
        DMatrix data = matrix(rows, index, start);
        double[] out = new double[rows.size()];
        for (Booster b : boosters) {
            float[][] m = b.predict(data, true, 0);
            for (int i = 0; i < out.length; i++) {
                out[i] += m[i][0] / boosters.size();
            }
            b.dispose();
        }
        data.dispose();
        return out;
    }

    /** The rows' columns, starting from the count's calibrated logit when {@code start} is not null. */
    private DMatrix matrix(List<RiskRow> rows, int[] index, double[] start) throws XGBoostError {
        int[] totals = TOTALS.stream().mapToInt(RiskFeatures.NAMES::indexOf).toArray();
        int width = index.length + (rates ? totals.length : 0);
        float[] data = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            double[] f = rows.get(i).features();
            for (int j = 0; j < index.length; j++) {
                data[i * width + j] = (float) f[index[j]];
            }
            if (rates) {
                double years = java.time.temporal.ChronoUnit.DAYS.between(HISTORY_START, rows.get(i).origin())
                        / 365.25;
                for (int j = 0; j < totals.length; j++) {
                    data[i * width + index.length + j] = (float) (f[totals[j]] / years);
                }
            }
        }
        DMatrix out = new DMatrix(data, rows.size(), width, Float.NaN);
        if (start != null) {
            int recency = RiskFeatures.NAMES.indexOf("reports_recency_weighted");
            float[] margin = new float[rows.size()];
            for (int i = 0; i < margin.length; i++) {
                margin[i] = (float) (start[0] * Math.log(rows.get(i).features()[recency] + 0.01) + start[1]);
            }
            out.setBaseMargin(margin);
        }
        return out;
    }

    /**
     * Reads the experiment's parts of a setting ({@code rank:pairwise}, {@code hardw3}, {@code pos2}, {@code bag3},
     * {@code linrefit}, {@code count0.2}, {@code own}: the served recipe through xgboost4j); null when the part is
     * not one of them.
     */
    static RiskBoosterExperiment with(RiskBoosterExperiment e, String part) {
        RiskBoosterExperiment b = e == null ? NONE : e;
        String objective = b.objective;
        double hardWeight = b.hardWeight;
        double posWeight = b.posWeight;
        int bag = b.bag;
        boolean linearRefit = b.linearRefit;
        double countWeight = b.countWeight;
        double halfLife = b.halfLife;
        boolean rates = b.rates;
        boolean logLinear = b.logLinear;
        int cap = b.cap;
        boolean monotone = b.monotone;
        boolean countMargin = b.countMargin;
        int oracle = b.oracle;
        if (part.matches(OBJECTIVES)) {
            objective = part;
        } else if (part.matches("hardw[0-9.]+")) {
            hardWeight = Double.parseDouble(part.substring(5));
        } else if (part.matches("pos[0-9.]+")) {
            posWeight = Double.parseDouble(part.substring(3));
        } else if (part.matches("bag[0-9]+")) {
            bag = Integer.parseInt(part.substring(3));
        } else if (part.equals("linrefit")) {
            linearRefit = true;
        } else if (part.matches("count0?\\.[0-9]+")) {
            countWeight = Double.parseDouble(part.substring(5));
        } else if (part.matches("decay[0-9.]+")) {
            halfLife = Double.parseDouble(part.substring(5));
        } else if (part.equals("rates")) {
            rates = true;
        } else if (part.matches("cap[0-9]+")) {
            cap = Integer.parseInt(part.substring(3));
        } else if (part.equals("loglin")) {
            logLinear = true;
        } else if (part.equals("mono")) {
            monotone = true;
        } else if (part.equals("countstart")) {
            countMargin = true;
        } else if (part.matches("oracle[0-9]+")) {
            oracle = Integer.parseInt(part.substring(6));
        } else if (!part.equals("own")) {
            return null;
        }
        return new RiskBoosterExperiment(objective, hardWeight, posWeight, bag, linearRefit, countWeight, halfLife,
                rates, logLinear, cap, monotone, countMargin, oracle);
    }
}
