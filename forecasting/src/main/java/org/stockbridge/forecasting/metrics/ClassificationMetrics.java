package org.stockbridge.forecasting.metrics;

import java.util.ArrayList;
import java.util.List;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/**
 * Metrics of probability scores against binary outcomes: ROC-AUC and PR-AUC (average precision), both from Tribuo's
 * {@link LabelEvaluationUtil}; the Brier score; recall at a fixed precision; and a calibration table.
 */
public final class ClassificationMetrics {

    /** One bin of the calibration table: scores in [from, to), their mean and the observed rate. */
    public record Bin(double from, double to, int count, double meanScore, double observedRate) {
    }

    /** The summary of one scorer on one set. */
    public record Summary(String method, int rows, int positives, double rocAuc, double prAuc, double brier,
                          double recallAtPrecision50, double recallAtPrecision30, List<Bin> calibration) {
    }

    private ClassificationMetrics() {
    }

    public static Summary summarise(String method, boolean[] labels, double[] scores) {
        if (labels.length != scores.length || labels.length == 0) {
            throw new IllegalArgumentException("labels and scores must be non-empty and of one length");
        }
        int positives = 0;
        double brier = 0;
        for (int i = 0; i < labels.length; i++) {
            positives += labels[i] ? 1 : 0;
            double d = scores[i] - (labels[i] ? 1 : 0);
            brier += d * d;
        }
        double auc = LabelEvaluationUtil.binaryAUCROC(labels, scores);
        double ap = LabelEvaluationUtil.averagedPrecision(labels, scores);
        return new Summary(method, labels.length, positives, auc, ap, brier / labels.length,
                recallAtPrecision(labels, scores, 0.5), recallAtPrecision(labels, scores, 0.3),
                calibration(labels, scores, 10));
    }

    /** The highest recall among thresholds whose precision is at least {@code precision} (0 when none is). */
    public static double recallAtPrecision(boolean[] labels, double[] scores, double precision) {
        LabelEvaluationUtil.PRCurve curve = LabelEvaluationUtil.generatePRCurve(labels, scores);
        double best = 0;
        for (int i = 0; i < curve.precision.length; i++) {
            if (curve.precision[i] >= precision && i < curve.recall.length) {
                best = Math.max(best, curve.recall[i]);
            }
        }
        return best;
    }

    /** Equal-width bins of the score over [0, 1]. */
    public static List<Bin> calibration(boolean[] labels, double[] scores, int bins) {
        int[] count = new int[bins];
        double[] sum = new double[bins];
        int[] positive = new int[bins];
        for (int i = 0; i < labels.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) (scores[i] * bins)));
            count[b]++;
            sum[b] += scores[i];
            positive[b] += labels[i] ? 1 : 0;
        }
        List<Bin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                out.add(new Bin((double) b / bins, (double) (b + 1) / bins, count[b], sum[b] / count[b],
                        (double) positive[b] / count[b]));
            }
        }
        return out;
    }
}
