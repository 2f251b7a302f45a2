package org.stockbridge.forecasting.risk;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * A trained shortage-risk classifier for one horizon: the Tribuo model (with its provenance), the Platt scaling that
 * calibrates its scores on the calibration year, the training medians used to say which features drove a score, and,
 * for the served model, a companion (a logistic regression, calibrated on its own) whose probability is blended in.
 *
 * @param trainingTo   the last day a training label window reached
 * @param calibratedTo the last day a calibration label window reached (the as-of day of training)
 * @param plattSlope   calibrated probability = σ(slope · logit(raw) + intercept)
 * @param metrics      ROC-AUC, PR-AUC and Brier score on the calibration year (calibrated there, otherwise unseen)
 * @param companion    a second model, calibrated on its own, whose probability is blended into this one's, or null
 * @param companionWeight the companion's share of the blended probability (0 without one, below 1)
 */
public record RiskModel(String name, int horizonDays, Model<Label> model, boolean linear, double plattSlope,
                        double plattIntercept, Map<String, Double> medians, LocalDate trainingFrom,
                        LocalDate trainingTo, LocalDate calibratedTo, int trainingRows, int calibrationRows,
                        Map<String, Double> metrics, RiskModel companion, double companionWeight) {

    public RiskModel {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(model, "model must not be null");
        medians = Map.copyOf(medians);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        if (companion == null ? companionWeight != 0 : !(companionWeight > 0 && companionWeight < 1)) {
            throw new IllegalArgumentException("a companion model's weight is above 0 and below 1, and 0 without one");
        }
        if (companion != null && companion.companion() != null) {
            throw new IllegalArgumentException("a companion model has no companion of its own");
        }
    }

    /** A model alone, without a companion. */
    public RiskModel(String name, int horizonDays, Model<Label> model, boolean linear, double plattSlope,
                     double plattIntercept, Map<String, Double> medians, LocalDate trainingFrom, LocalDate trainingTo,
                     LocalDate calibratedTo, int trainingRows, int calibrationRows, Map<String, Double> metrics) {
        this(name, horizonDays, model, linear, plattSlope, plattIntercept, medians, trainingFrom, trainingTo,
                calibratedTo, trainingRows, calibrationRows, metrics, null, 0);
    }

    /** The same model with {@code companion}'s calibrated probability blended in at {@code weight}. */
    public RiskModel blendedWith(RiskModel companion, double weight) {
        Objects.requireNonNull(companion, "companion must not be null");
        if (this.companion != null || companion.horizonDays() != horizonDays) {
            throw new IllegalArgumentException("a model is blended once, with a model of its own horizon");
        }
        return new RiskModel(name, horizonDays, model, linear, plattSlope, plattIntercept, medians, trainingFrom,
                trainingTo, calibratedTo, trainingRows, calibrationRows, metrics, companion, weight);
    }

    /**
     * The calibrated probabilities of the rows: this model's, or with a companion the weighted mean of both models'
     * calibrated probabilities (each calibrated on the same year, so the mean is a probability too).
     */
    public double[] probabilities(List<RiskRow> rows) {
        double[] raw = raw(model, rows, linear);
        double[] other = companion == null ? null : companion.probabilities(rows);
        double[] p = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            p[i] = calibrate(raw[i]);
            if (other != null) {
                p[i] = (1 - companionWeight) * p[i] + companionWeight * other[i];
            }
        }
        return p;
    }

    double calibrate(double raw) {
        return sigmoid(plattSlope * logit(raw) + plattIntercept);
    }

    /** The scores of the rows, each with the features that drove it most (at most {@code drivers}). */
    public List<RiskScore> score(RiskSources sources, List<RiskRow> rows, int drivers) {
        double[] p = probabilities(rows);
        List<String> candidates = importantFeatures(Math.max(drivers * 2, 8));
        List<RiskScore> scores = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            RiskRow row = rows.get(i);
            List<RiskRow> ablated = new ArrayList<>();
            List<String> used = new ArrayList<>();
            for (String feature : candidates) {
                int index = RiskFeatures.NAMES.indexOf(feature);
                Double typical = medians.get(feature);
                if (index < 0 || typical == null || Objects.equals(row.features()[index], typical)) {
                    continue;
                }
                double[] f = row.features().clone();
                f[index] = typical;
                ablated.add(new RiskRow(row.ingredient(), row.origin(), f, row.label()));
                used.add(feature);
            }
            double[] without = probabilities(ablated);
            List<RiskScore.Driver> list = new ArrayList<>();
            for (int k = 0; k < used.size(); k++) {
                int index = RiskFeatures.NAMES.indexOf(used.get(k));
                list.add(new RiskScore.Driver(used.get(k), row.features()[index], medians.get(used.get(k)),
                        p[i] - without[k]));
            }
            list.sort(Comparator.comparingDouble((RiskScore.Driver d) -> -Math.abs(d.effect())));
            scores.add(new RiskScore(row.ingredient(), sources.atc(row.ingredient()), row.origin(), horizonDays, p[i],
                    List.copyOf(list.subList(0, Math.min(drivers, list.size())))));
        }
        return scores;
    }

    /** The features the model relies on most (Tribuo's top features), best first. */
    public List<String> importantFeatures(int n) {
        Map<String, List<com.oracle.labs.mlrg.olcut.util.Pair<String, Double>>> top = model.getTopFeatures(n);
        List<String> names = new ArrayList<>();
        List<com.oracle.labs.mlrg.olcut.util.Pair<String, Double>> list = top.getOrDefault(RiskTrainer.POSITIVE,
                top.getOrDefault(Model.ALL_OUTPUTS, List.of()));
        if (list.isEmpty() && !top.isEmpty()) {
            list = top.values().iterator().next();
        }
        for (var pair : list) {
            if (RiskFeatures.NAMES.contains(pair.getA()) && !names.contains(pair.getA())) {
                names.add(pair.getA());
            }
        }
        return names;
    }

    static double[] raw(Model<Label> model, List<RiskRow> rows, boolean linear) {
        List<Example<Label>> examples = new ArrayList<>(rows.size());
        for (RiskRow row : rows) {
            examples.add(RiskTrainer.example(row, linear, RiskTrainer.UNKNOWN));
        }
        List<Prediction<Label>> predictions = model.predict(examples);
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            Label positive = predictions.get(i).getOutputScores().get(RiskTrainer.POSITIVE);
            out[i] = positive == null ? 0 : positive.getScore();
        }
        return out;
    }

    static double logit(double p) {
        double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return Math.log(q / (1 - q));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
