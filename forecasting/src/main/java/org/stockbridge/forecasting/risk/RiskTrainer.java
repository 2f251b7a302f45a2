package org.stockbridge.forecasting.risk;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.stockbridge.forecasting.metrics.ClassificationMetrics;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.LinearScalingTransformation;

/**
 * Trains the shortage-risk classifier as of a day for one horizon. Origins are the first of each month; a training
 * origin's label window ends a year before the as-of day at the latest, the origins of that last year (whose windows
 * end by the as-of day) calibrate the scores (Platt scaling, itself a Tribuo logistic regression on the score's
 * logit). XGBoost is the model; a logistic regression on the same features is the linear baseline, and the served
 * model blends the two ({@link #served}).
 */
public final class RiskTrainer {

    public static final String POSITIVE_LABEL = "shortage";
    static final String POSITIVE = POSITIVE_LABEL;
    static final LabelFactory FACTORY = new LabelFactory();
    static final Label UNKNOWN = FACTORY.getUnknownOutput();
    public static final String XGBOOST = "risk-xgboost";
    public static final String LOGISTIC = "risk-logistic-regression";
    /** The first origin: a year after the history starts, so every origin sees a full year before it. */
    public static final LocalDate FIRST_ORIGIN = LocalDate.of(2018, 3, 1);

    private final boolean linear;
    private final long seed;
    private final int threads;
    private final int trees;
    private final int depth;
    private final double eta;
    private final double minChildWeight;
    private final Set<String> features;
    private final boolean refit;
    private final double linearWeight;

    private RiskTrainer(boolean linear, long seed, int threads, int trees, int depth, double eta,
                        double minChildWeight, Collection<String> features) {
        this(linear, seed, threads, trees, depth, eta, minChildWeight, features, false, 0);
    }

    private RiskTrainer(boolean linear, long seed, int threads, int trees, int depth, double eta,
                        double minChildWeight, Collection<String> features, boolean refit, double linearWeight) {
        this.refit = refit;
        this.linearWeight = linearWeight;
        this.features = Set.copyOf(features);
        this.linear = linear;
        this.seed = seed;
        this.threads = threads;
        this.trees = trees;
        this.depth = depth;
        this.eta = eta;
        this.minChildWeight = minChildWeight;
    }

    /** Trees of the served model. */
    public static final int TREES = 150;
    /** Depth of its trees. */
    public static final int DEPTH = 4;
    /** Its learning rate. */
    public static final double ETA = 0.1;
    /** The least hessian weight of a leaf of its trees. */
    public static final double MIN_CHILD_WEIGHT = 5.0;
    /**
     * The served model's share of the logistic regression: its probability is 0.7 of the trees' and 0.3 of a
     * logistic regression's on the same columns, each calibrated on the same year. Chosen on the 2021 origins, before
     * the backtest's (docs/benchmarks/forecasting.md, ADR 0018): any share from 0.2 to 0.5 gave the same gain there;
     * on the backtest's origins the blend is a little better than the trees alone in PR-AUC and Brier, level in
     * ROC-AUC.
     */
    public static final double LINEAR_WEIGHT = 0.3;

    /** XGBoost with the served settings: {@value #TREES} trees of depth {@value #DEPTH} at {@value #ETA}. */
    public static RiskTrainer xgboost(long seed, int threads) {
        return xgboost(seed, threads, TREES, DEPTH, ETA);
    }

    /**
     * The served model: XGBoost with the served settings, {@linkplain #refitted() refitted} on the training and the
     * calibration years together after calibrating, {@linkplain #blendedWithLinear blended} with a logistic regression
     * at {@value #LINEAR_WEIGHT}. The forecast job, the risk-scores command, the API's on-request fit and the rolling
     * backtest all fit this one, so what the backtest reports is what is served.
     */
    public static RiskTrainer served(long seed, int threads) {
        return xgboost(seed, threads).asServed();
    }

    /**
     * These trees trained as the served model is: {@linkplain #refitted() refitted} and blended with a logistic
     * regression at {@value #LINEAR_WEIGHT}.
     */
    public RiskTrainer asServed() {
        return refitted().blendedWithLinear(LINEAR_WEIGHT);
    }

    public static RiskTrainer xgboost(long seed, int threads, int trees, int depth, double eta) {
        return xgboost(seed, threads, trees, depth, eta, MIN_CHILD_WEIGHT);
    }

    public static RiskTrainer xgboost(long seed, int threads, int trees, int depth, double eta,
                                      double minChildWeight) {
        if (trees < 1 || depth < 1 || !(eta > 0) || minChildWeight < 0) {
            throw new IllegalArgumentException("trees, depth and eta must be positive, the minimum child weight "
                    + "not negative");
        }
        return new RiskTrainer(false, seed, threads, trees, depth, eta, minChildWeight, RiskFeatures.MODEL);
    }

    public static RiskTrainer logistic() {
        return new RiskTrainer(true, 0, 1, 0, 0, 0, 0, RiskFeatures.MODEL);
    }

    /**
     * The same trainer on other columns of the rows (names of {@link RiskFeatures#NAMES} or
     * {@link RiskFeatures#LEAKY}): how the backtest measures what a feature adds.
     */
    public RiskTrainer withFeatures(Collection<String> columns) {
        for (String c : columns) {
            if (!RiskFeatures.NAMES.contains(c) && !RiskFeatures.LEAKY.contains(c)) {
                throw new IllegalArgumentException("no risk feature is named " + c);
            }
        }
        return new RiskTrainer(linear, seed, threads, trees, depth, eta, minChildWeight, columns, refit,
                linearWeight);
    }

    /**
     * The same trainer, which after calibrating refits the model on the training and the calibration rows together
     * and keeps the calibration fitted on the first model's scores: the served ranking learns from the freshest year
     * of labels too, at the price of a second fit and a calibration measured on a slightly different model.
     */
    public RiskTrainer refitted() {
        return new RiskTrainer(linear, seed, threads, trees, depth, eta, minChildWeight, features, true,
                linearWeight);
    }

    /**
     * The same trainer, whose model's probability is blended with a logistic regression's on the same columns: the
     * regression is trained on the training rows and Platt-calibrated on the calibration rows, as the trees are (not
     * refitted), and the served probability is {@code (1 - weight)} of the trees' plus {@code weight} of the
     * regression's. The trees rank the keys with much history best, the regression extrapolates more smoothly to the
     * ones with little; their mean ranked better than the trees alone on the early origins.
     */
    public RiskTrainer blendedWithLinear(double weight) {
        if (linear || !(weight > 0 && weight < 1)) {
            throw new IllegalArgumentException("only the trees are blended, with a weight above 0 and below 1");
        }
        return new RiskTrainer(false, seed, threads, trees, depth, eta, minChildWeight, features, refit, weight);
    }

    /** Whether the model is refitted on the training and calibration rows together after calibrating. */
    public boolean refits() {
        return refit;
    }

    /** The logistic regression's share of the probability ({@link #blendedWithLinear}); 0 when none is blended in. */
    public double linearWeight() {
        return linearWeight;
    }

    /** The columns the model is trained on. */
    public Set<String> features() {
        return features;
    }

    public String name() {
        return linear ? LOGISTIC : XGBOOST;
    }

    /** The rows of the given origins; labels are read only when the window has passed by {@code knownBy}. */
    public static List<RiskRow> rows(RiskSources sources, List<LocalDate> origins, int horizonDays,
                                     LocalDate knownBy) {
        List<RiskRow> rows = new ArrayList<>();
        for (LocalDate origin : origins) {
            double all90 = RiskFeatures.allReports90(sources, origin);
            boolean labelled = !origin.plusDays(horizonDays).isAfter(knownBy);
            for (String ingredient : sources.universe(origin)) {
                rows.add(new RiskRow(ingredient, origin, RiskFeatures.compute(sources, ingredient, origin, all90),
                        labelled && RiskFeatures.label(sources, ingredient, origin, horizonDays)));
            }
        }
        return rows;
    }

    /** The first day of every month from {@code from} while the window of {@code horizonDays} ends by {@code to}. */
    public static List<LocalDate> origins(LocalDate from, LocalDate to, int horizonDays) {
        List<LocalDate> out = new ArrayList<>();
        LocalDate d = from.withDayOfMonth(1);
        if (d.isBefore(from)) {
            d = d.plusMonths(1);
        }
        for (; !d.plusDays(horizonDays).isAfter(to); d = d.plusMonths(1)) {
            out.add(d);
        }
        return out;
    }

    /** Trains on origins whose windows end by {@code asOf} minus a year, calibrates on the year after. */
    public RiskModel train(RiskSources sources, LocalDate asOf, int horizonDays) {
        Objects.requireNonNull(asOf, "asOf must not be null");
        LocalDate cut = asOf.minusYears(1);
        List<RiskRow> training = rows(sources, origins(FIRST_ORIGIN, cut, horizonDays), horizonDays, cut);
        List<LocalDate> calibrationOrigins = origins(cut, asOf, horizonDays);
        List<RiskRow> calibration = rows(sources, calibrationOrigins, horizonDays, asOf);
        return train(training, calibration, horizonDays, cut, asOf);
    }

    /** Trains on the given rows and calibrates on the others. */
    public RiskModel train(List<RiskRow> training, List<RiskRow> calibration, int horizonDays, LocalDate trainingTo,
                           LocalDate calibratedTo) {
        if (training.isEmpty() || calibration.isEmpty()) {
            throw new IllegalArgumentException("the risk model needs training and calibration rows before "
                    + calibratedTo + " (the shortage history starts in 2017-03)");
        }
        if (training.stream().noneMatch(RiskRow::label) || calibration.stream().noneMatch(RiskRow::label)) {
            throw new IllegalArgumentException("the risk model needs at least one new shortage report in its "
                    + "training and its calibration windows");
        }
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(
                "ingredient-months " + training.get(0).origin() + ".." + training.get(training.size() - 1).origin()
                        + ", " + horizonDays + "-day new shortage report", FACTORY), FACTORY);
        for (RiskRow row : training) {
            dataset.add(example(row, linear, new Label(row.label() ? POSITIVE : "none"), features));
        }
        Map<String, Provenance> run = new LinkedHashMap<>();
        run.put("horizon-days", new StringProvenance("horizon-days", String.valueOf(horizonDays)));
        run.put("training-to", new StringProvenance("training-to", trainingTo.toString()));
        run.put("calibrated-to", new StringProvenance("calibrated-to", calibratedTo.toString()));
        Model<Label> model = trainer().train(dataset, run);
        double[] raw = RiskModel.raw(model, calibration, linear);
        double[] platt = platt(raw, calibration);
        boolean[] labels = new boolean[calibration.size()];
        double[] calibrated = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            labels[i] = calibration.get(i).label();
            calibrated[i] = RiskModel.sigmoid(platt[0] * RiskModel.logit(raw[i]) + platt[1]);
        }
        RiskModel companion = null;
        if (linearWeight > 0) {
            companion = logistic().withFeatures(features).train(training, calibration, horizonDays, trainingTo,
                    calibratedTo);
            double[] other = companion.probabilities(calibration);
            for (int i = 0; i < calibrated.length; i++) {
                calibrated[i] = (1 - linearWeight) * calibrated[i] + linearWeight * other[i];
            }
        }
        ClassificationMetrics.Summary summary = ClassificationMetrics.summarise(name(), labels, calibrated);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("calibration_roc_auc", summary.rocAuc());
        metrics.put("calibration_pr_auc", summary.prAuc());
        metrics.put("calibration_brier", summary.brier());
        metrics.put("calibration_base_rate", (double) summary.positives() / summary.rows());
        if (refit) {
            List<RiskRow> all = new ArrayList<>(training);
            all.addAll(calibration);
            MutableDataset<Label> both = new MutableDataset<>(new SimpleDataSourceProvenance(
                    "ingredient-months " + training.get(0).origin() + ".." + calibration.get(calibration.size() - 1)
                            .origin() + ", " + horizonDays + "-day new shortage report, refitted", FACTORY), FACTORY);
            for (RiskRow row : all) {
                both.add(example(row, linear, new Label(row.label() ? POSITIVE : "none"), features));
            }
            Map<String, Provenance> refitRun = new LinkedHashMap<>(run);
            refitRun.put("refitted-to", new StringProvenance("refitted-to", calibratedTo.toString()));
            return blend(new RiskModel(name(), horizonDays, trainer().train(both, refitRun), linear, platt[0],
                    platt[1], medians(all, features), training.get(0).origin(), calibratedTo, calibratedTo,
                    all.size(), calibration.size(), metrics), companion);
        }
        return blend(new RiskModel(name(), horizonDays, model, linear, platt[0], platt[1],
                medians(training, features), training.get(0).origin(), trainingTo, calibratedTo, training.size(),
                calibration.size(), metrics), companion);
    }

    private RiskModel blend(RiskModel model, RiskModel companion) {
        return companion == null ? model : model.blendedWith(companion, linearWeight);
    }

    private Trainer<Label> trainer() {
        if (linear) {
            LibLinearClassificationTrainer lr = new LibLinearClassificationTrainer(
                    new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), 1.0, 1000, 0.001);
            return new TransformTrainer<>(lr, new TransformationMap(List.of(new LinearScalingTransformation())));
        }
        return new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE, XGBoostTrainer.TreeMethod.HIST,
                trees, eta, 0.0, depth, minChildWeight, 0.8, 0.8, 1.0, 0.0, threads, XGBoostTrainer.LoggingVerbosity.SILENT, seed);
    }

    /** Platt scaling: a Tribuo logistic regression of the label on the logit of the raw score. */
    private static double[] platt(double[] raw, List<RiskRow> calibration) {
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("Platt scaling of the calibration year", FACTORY), FACTORY);
        for (int i = 0; i < raw.length; i++) {
            dataset.add(new ArrayExample<>(new Label(calibration.get(i).label() ? POSITIVE : "none"),
                    new String[] {"logit"}, new double[] {RiskModel.logit(raw[i])}));
        }
        LibLinearClassificationTrainer lr = new LibLinearClassificationTrainer(
                new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), 100.0, 1000, 0.0001);
        Model<Label> scaler = lr.train(dataset);
        double a = 0;
        double b = 0;
        // Read the fitted line off two predictions: logit(p) is linear in the input.
        double p0 = positive(scaler, 0.0);
        double p1 = positive(scaler, 1.0);
        b = RiskModel.logit(p0);
        a = RiskModel.logit(p1) - b;
        return new double[] {a, b};
    }

    private static double positive(Model<Label> model, double logit) {
        Label score = model.predict(new ArrayExample<>(UNKNOWN, new String[] {"logit"}, new double[] {logit}))
                .getOutputScores().get(POSITIVE);
        return score == null ? 0.5 : score.getScore();
    }

    private static Map<String, Double> medians(List<RiskRow> rows, Set<String> features) {
        Map<String, Double> medians = new HashMap<>();
        int columns = rows.get(0).features().length;
        for (int j = 0; j < columns; j++) {
            int index = j;
            if (!features.contains(RiskFeatures.column(j))) {
                continue;
            }
            double[] values = rows.stream().mapToDouble(r -> r.features()[index]).filter(v -> !Double.isNaN(v))
                    .sorted().toArray();
            if (values.length > 0) {
                medians.put(RiskFeatures.column(j), values[values.length / 2]);
            }
        }
        return medians;
    }

    /**
     * A Tribuo example of a row. For the trees a missing feature is left out (XGBoost treats it as missing); the
     * linear model gets a neutral value instead: never reported is "ten years since", other gaps are zero.
     */
    static Example<Label> example(RiskRow row, boolean linear, Label output) {
        return example(row, linear, output, null);
    }

    /** A Tribuo example of the row's given columns ({@code null}: all; a model ignores the ones it was not trained on). */
    static Example<Label> example(RiskRow row, boolean linear, Label output, Set<String> columns) {
        double[] values = row.features();
        String[] names = new String[values.length];
        double[] kept = new double[values.length];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            String name = RiskFeatures.column(i);
            if (columns != null && !columns.contains(name)) {
                continue;
            }
            double v = values[i];
            if (Double.isNaN(v)) {
                if (!linear) {
                    continue;
                }
                v = name.equals("days_since_shortage") ? 3650 : 0;
            }
            names[n] = name;
            kept[n++] = v;
        }
        return new ArrayExample<>(output, Arrays.copyOf(names, n), Arrays.copyOf(kept, n));
    }
}
