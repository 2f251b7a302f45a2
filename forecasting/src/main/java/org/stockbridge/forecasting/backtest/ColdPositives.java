package org.stockbridge.forecasting.backtest;

import java.util.List;
import java.util.Locale;
import org.stockbridge.forecasting.risk.RiskFeatures;
import org.stockbridge.forecasting.risk.RiskRow;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/**
 * How much of an origin's hard population no history-based score can rank: its <em>cold</em> keys, reported before
 * the origin but not in the {@value #COLD_DAYS} days before it, whose positives are first recurrences after a long
 * gap. Measured for a model and the recency-weighted count on the same rows: the PR-AUC (average precision) as scored,
 * with the cold positives moved above every other key (ranked perfectly) and below every other key (not ranked at
 * all), and on the warm keys alone. The spread between the first two bounds what better ranking of the cold positives
 * could add.
 */
public record ColdPositives(int rows, int positives, int coldKeys, int coldPositives, double modelPr,
                            double modelPrColdFirst, double modelPrColdLast, double modelPrWarm, double recencyPr,
                            double recencyPrColdFirst, double recencyPrColdLast, double recencyPrWarm) {

    /** A key with no report in this many days before the origin is cold. */
    public static final int COLD_DAYS = 365;

    /** Measures the hard rows ({@code hard[i]}) of one origin, scored by the model and by the recency count. */
    public static ColdPositives of(List<RiskRow> rows, boolean[] hard, double[] model, double[] recency) {
        if (rows.size() != hard.length || rows.size() != model.length || rows.size() != recency.length) {
            throw new IllegalArgumentException("rows, the hard flags and both scores must be of one length");
        }
        int since = RiskFeatures.NAMES.indexOf("days_since_report");
        int n = 0;
        int warmN = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (hard[i]) {
                n++;
                warmN += cold(rows.get(i), since) ? 0 : 1;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("the origin has no hard rows");
        }
        boolean[] labels = new boolean[n];
        boolean[] isCold = new boolean[n];
        double[] m = new double[n];
        double[] r = new double[n];
        boolean[] warmLabels = new boolean[warmN];
        double[] warmM = new double[warmN];
        double[] warmR = new double[warmN];
        int k = 0;
        int w = 0;
        int coldKeys = 0;
        int coldPositives = 0;
        int positives = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (!hard[i]) {
                continue;
            }
            RiskRow row = rows.get(i);
            labels[k] = row.label();
            isCold[k] = cold(row, since);
            m[k] = model[i];
            r[k] = recency[i];
            positives += labels[k] ? 1 : 0;
            if (isCold[k]) {
                coldKeys++;
                coldPositives += labels[k] ? 1 : 0;
            } else {
                warmLabels[w] = labels[k];
                warmM[w] = m[k];
                warmR[w++] = r[k];
            }
            k++;
        }
        return new ColdPositives(n, positives, coldKeys, coldPositives, pr(labels, m),
                pr(labels, moved(labels, isCold, m, true)), pr(labels, moved(labels, isCold, m, false)),
                pr(warmLabels, warmM), pr(labels, r), pr(labels, moved(labels, isCold, r, true)),
                pr(labels, moved(labels, isCold, r, false)), pr(warmLabels, warmR));
    }

    /** The share of the positives that are cold. */
    public double coldShare() {
        return positives == 0 ? Double.NaN : (double) coldPositives / positives;
    }

    /** One log line. */
    public String describe() {
        return String.format(Locale.ROOT, "hard %d keys, %d positives; cold %d keys, %d positives (%.3f); PR-AUC "
                        + "model %.4f (cold first %.4f, last %.4f, warm only %.4f), recency %.4f (cold first %.4f, "
                        + "last %.4f, warm only %.4f)", rows, positives, coldKeys, coldPositives, coldShare(), modelPr,
                modelPrColdFirst, modelPrColdLast, modelPrWarm, recencyPr, recencyPrColdFirst, recencyPrColdLast,
                recencyPrWarm);
    }

    private static boolean cold(RiskRow row, int since) {
        double days = row.features()[since];
        return Double.isNaN(days) || days > COLD_DAYS;
    }

    /** The scores with the cold positives moved above (or below) every other key, the rest ranked as they were. */
    private static double[] moved(boolean[] labels, boolean[] cold, double[] scores, boolean first) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
            min = Math.min(min, s);
        }
        double[] out = scores.clone();
        for (int i = 0; i < out.length; i++) {
            if (cold[i] && labels[i]) {
                out[i] = first ? max + 1 : min - 1;
            }
        }
        return out;
    }

    private static double pr(boolean[] labels, double[] scores) {
        boolean any = false;
        for (boolean l : labels) {
            any |= l;
        }
        return labels.length == 0 || !any ? Double.NaN : LabelEvaluationUtil.averagedPrecision(labels, scores);
    }
}
