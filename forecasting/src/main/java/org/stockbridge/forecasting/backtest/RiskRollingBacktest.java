package org.stockbridge.forecasting.backtest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import org.stockbridge.forecasting.metrics.ClassificationMetrics;
import org.stockbridge.forecasting.risk.RiskFeatures;
import org.stockbridge.forecasting.risk.RiskModel;
import org.stockbridge.forecasting.risk.RiskRow;
import org.stockbridge.forecasting.risk.RiskSources;
import org.stockbridge.forecasting.risk.RiskTrainer;

/**
 * The rolling-origin backtest of the shortage-risk model. At every monthly origin {@code O} from {@link #FIRST} to
 * {@link #LAST} and for each horizon, a model is trained on the origins whose label windows end a year before
 * {@code O} at the latest, Platt-calibrated on the origins of the year before {@code O} whose windows end by
 * {@code O} (so every label it learns from was known at {@code O}), refitted on both with that calibration kept,
 * blended with a logistic regression (the served trainer, {@link RiskTrainer#served}), and scored on the ingredients
 * of {@code O}. Every
 * metric is taken on all keys and on the hard population (keys with a report of any kind before {@code O}), beside
 * the recency-weighted report count ({@code Σ exp(-age_days / 180)}, Platt-calibrated on the same calibration rows
 * for its Brier score) and "had a shortage report in the last 12 months".
 *
 * <p>The features of every (ingredient, month) are computed once, with the {@link RiskFeatures#LEAKY} columns
 * appended, and shared by every origin and variant; the fits run on a pool of {@link #THREADS} threads, one XGBoost
 * thread each. Ablations (variants of the feature set) are fitted at the 90-day horizon on every
 * {@value #ABLATION_STEP}th origin by default; on a busy machine the ablations and the 30-day horizon can be fitted on
 * fewer origins (every {@code ablationStep}th, every {@code shortStep}th), which the report states.
 */
public final class RiskRollingBacktest {

    public static final LocalDate FIRST = LocalDate.of(2022, 1, 1);
    public static final LocalDate LAST = LocalDate.of(2024, 9, 1);
    public static final int[] HORIZONS = {30, 90};
    public static final int THREADS = 2;
    public static final String MODEL = "model";
    public static final String RECENCY = "recency-weighted report count";
    public static final String LAST_YEAR = "had a shortage report in the last 12 months";
    static final int BOOTSTRAP = 2000;
    /** Ablations are fitted on every {@value}th origin. */
    public static final int ABLATION_STEP = 6;

    /** A feature set to fit: a name and its columns. */
    public record Variant(String name, List<String> columns) {
    }

    /** The metrics of one method at one origin and horizon on one population ("all" or "hard"). */
    public record Score(String variant, String method, LocalDate origin, int horizonDays, String population,
                        ClassificationMetrics.Summary summary) {
    }

    /** One fit: its size and time. */
    public record Fit(String variant, LocalDate origin, int horizonDays, int trainingRows, int calibrationRows,
                      long millis) {
    }

    /** Everything measured. */
    public record Result(List<Score> scores, List<Fit> fits, List<Variant> variants, List<LocalDate> ablationOrigins,
                         long featureMillis, long seconds, int trees, int depth, double eta, double minChildWeight,
                         int ablationStep, int shortStep) {
    }

    private final long seed;
    private final int trees;
    private final int depth;
    private final double eta;
    private final double minChildWeight;
    private final int ablationStep;
    private final int shortStep;

    public RiskRollingBacktest(long seed, int trees, int depth, double eta) {
        this(seed, trees, depth, eta, RiskTrainer.MIN_CHILD_WEIGHT, ABLATION_STEP, 1);
    }

    /**
     * @param ablationStep the ablations are fitted on every {@code ablationStep}th origin; 0: not at all
     * @param shortStep    the 30-day horizon is fitted on every {@code shortStep}th origin (the 90-day on all)
     */
    public RiskRollingBacktest(long seed, int trees, int depth, double eta, double minChildWeight, int ablationStep,
                               int shortStep) {
        if (ablationStep < 0 || shortStep < 1) {
            throw new IllegalArgumentException("the ablation step must be at least 0 (none) and the 30-day step at "
                    + "least 1");
        }
        this.seed = seed;
        this.trees = trees;
        this.depth = depth;
        this.eta = eta;
        this.minChildWeight = minChildWeight;
        this.ablationStep = ablationStep;
        this.shortStep = shortStep;
    }

    /**
     * The variants: the served feature set; each group of signal removed from it, or added to it when the model
     * leaves the group out (it did not help on the rolling origins); each leaky feature put back.
     */
    public static List<Variant> variants() {
        List<Variant> out = new ArrayList<>();
        out.add(new Variant(MODEL, RiskFeatures.MODEL));
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("the recency-weighted count", List.of("reports_recency_weighted"));
        groups.put("company history (the reports' company field)", List.of("company_other_reports_90",
                "company_other_reports_365"));
        groups.put("the DPD's company names (each DIN's owner now: maker history, marketed companies and their "
                + "trend)", RiskFeatures.CURRENT_COMPANY_NAMES);
        groups.put("DIN history", List.of("dins_reported_total", "marketed_dins_reported_share"));
        groups.put("ATC contagion (class 30/180 d, level-3 group 90/180 d)", List.of("atc_class_shortages_30",
                "atc_class_shortages_180", "atc_group_shortages_90", "atc_group_shortages_180"));
        groups.put("marketed DINs and their trend", List.of("marketed_dins", "marketed_dins_change_365",
                "marketed_dins_change_90", "reporting_share_365"));
        groups.put("discontinuance counts", List.of("discontinuances_total", "discontinuances_365",
                "discontinuances_90"));
        groups.put("report cadence", List.of("days_since_report", "mean_shortage_gap", "overdue_ratio"));
        groups.put("seasonality", List.of("month", "same_window_last_year"));
        groups.put("active shortages and tier 3 (as then known)", List.of("active_shortages", "tier3_known"));
        groups.put("the columns an earlier run found no gain in (ATC class 90/365 d, busiest DIN, share of "
                + "companies discontinuing)", List.of("atc_class_shortages_90", "atc_class_shortages_365",
                "din_max_reports_730", "discontinuing_company_share_365"));
        groups.put("the recency-weighted count at 30/90/365 days and by kind (shortage, discontinuance)",
                List.of("reports_recency_30", "reports_recency_90", "reports_recency_365", "shortage_recency_180",
                        "discontinuance_recency_180"));
        groups.put("the coming window's shortages in earlier years", List.of("seasonal_window_years"));
        groups.put("discontinuances of other ingredients of the ATC class", List.of("atc_class_discontinuances_365"));
        groups.put("the oldest open report and the last report's reason", List.of("open_report_days",
                "last_reason"));
        groups.put("U.S. shortages posted before the origin (survivors of the 2026 file only)",
                List.of("fda_posted_365", "fda_posted_total"));
        groups.forEach((name, columns) -> {
            if (RiskFeatures.MODEL.stream().anyMatch(columns::contains)) {
                out.add(new Variant("without " + name, RiskFeatures.MODEL.stream()
                        .filter(f -> !columns.contains(f)).toList()));
            } else {
                List<String> with = new ArrayList<>(RiskFeatures.MODEL);
                with.addAll(columns);
                out.add(new Variant("with " + name, with));
            }
        });
        out.add(new Variant("with fda_active (openFDA file of 2026-03)", plus(RiskFeatures.MODEL, "fda_active")));
        out.add(new Variant("with end dates as the file holds them now", replace(RiskFeatures.MODEL,
                "active_shortages", "active_as_now")));
        out.add(new Variant("with tier 3 as the file holds it now", replace(RiskFeatures.MODEL, "tier3_known",
                "tier3_as_now")));
        return out;
    }

    private static List<String> plus(List<String> names, String extra) {
        List<String> out = new ArrayList<>(names);
        out.add(extra);
        return out;
    }

    private static List<String> replace(List<String> names, String from, String to) {
        return names.stream().map(n -> n.equals(from) ? to : n).toList();
    }

    /** The monthly origins of the rolling backtest. */
    public static List<LocalDate> origins() {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusMonths(1)) {
            out.add(d);
        }
        return out;
    }

    /** The panel: every (ingredient, first of a month) with its features, leaky columns and labels. */
    static final class Panel {
        final Map<LocalDate, List<RiskRow>> rows30 = new LinkedHashMap<>();
        final Map<LocalDate, List<RiskRow>> rows90 = new LinkedHashMap<>();
        final Map<LocalDate, boolean[]> hard = new LinkedHashMap<>();
        /** The number of shortage reports filed in each row's window, by horizon then origin. */
        final Map<Integer, Map<LocalDate, int[]>> counts = Map.of(30, new LinkedHashMap<>(), 90,
                new LinkedHashMap<>());

        List<RiskRow> rows(LocalDate origin, int horizon) {
            return (horizon == 30 ? rows30 : rows90).getOrDefault(origin, List.of());
        }

        /** The rows of an origin, or only those of its hard population. */
        List<RiskRow> rows(LocalDate origin, int horizon, boolean hardOnly) {
            List<RiskRow> all = rows(origin, horizon);
            if (!hardOnly) {
                return all;
            }
            boolean[] h = hard.get(origin);
            List<RiskRow> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (h[i]) {
                    out.add(all.get(i));
                }
            }
            return out;
        }
    }

    static Panel panel(RiskSources sources, LocalDate last) {
        return panel(sources, last, false);
    }

    /**
     * The rows of every origin up to {@code last}; {@code withCounts}: also each row's number of reports filed in its
     * windows, which only a {@link RiskBoosterExperiment} reads (a second pass over every key's reports).
     */
    static Panel panel(RiskSources sources, LocalDate last, boolean withCounts) {
        Panel panel = new Panel();
        for (LocalDate t = RiskTrainer.FIRST_ORIGIN; !t.isAfter(last); t = t.plusMonths(1)) {
            double all90 = RiskFeatures.allReports90(sources, t);
            List<RiskRow> r30 = new ArrayList<>();
            List<RiskRow> r90 = new ArrayList<>();
            List<String> keys = new ArrayList<>(sources.universe(t));
            boolean[] hard = new boolean[keys.size()];
            int[] c30 = new int[keys.size()];
            int[] c90 = new int[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                double[] f = RiskFeatures.compute(sources, key, t, all90);
                double[] leaky = RiskFeatures.leaky(sources, key, t);
                double[] row = Arrays.copyOf(f, f.length + leaky.length);
                System.arraycopy(leaky, 0, row, f.length, leaky.length);
                r30.add(new RiskRow(key, t, row, RiskFeatures.label(sources, key, t, 30)));
                r90.add(new RiskRow(key, t, row, RiskFeatures.label(sources, key, t, 90)));
                hard[i] = RiskFeatures.reportedBefore(sources, key, t);
                if (withCounts) {
                    c30[i] = newReports(sources, key, t, 30);
                    c90[i] = newReports(sources, key, t, 90);
                }
            }
            panel.rows30.put(t, r30);
            panel.rows90.put(t, r90);
            panel.hard.put(t, hard);
            panel.counts.get(30).put(t, c30);
            panel.counts.get(90).put(t, c90);
        }
        return panel;
    }

    /** The number of shortage reports of the ingredient filed in the window: the label counted, not flagged. */
    static int newReports(RiskSources sources, String ingredient, LocalDate origin, int horizonDays) {
        LocalDate end = origin.plusDays(horizonDays);
        int n = 0;
        for (org.stockbridge.forecasting.risk.FiledReport r : sources.reports(ingredient)) {
            if (r.type() == org.stockbridge.domain.shortage.ReportType.SHORTAGE && !r.filed().isBefore(origin)
                    && r.filed().isBefore(end)) {
                n++;
            }
        }
        return n;
    }

    public Result run(RiskSources sources) throws InterruptedException {
        long begin = System.nanoTime();
        LocalDate end = sources.lastFiled().plusDays(1);
        if (LAST.plusDays(90).isAfter(end)) {
            throw new IllegalArgumentException("the history ends on " + end + ", before the last window of " + LAST);
        }
        Panel panel = panel(sources, LAST);
        long featureMillis = (System.nanoTime() - begin) / 1_000_000;
        Backtests.log("risk rolling backtest: features of %d months in %d ms", panel.rows30.size(), featureMillis);
        List<Variant> variants = variants();
        List<LocalDate> origins = origins();
        List<LocalDate> ablationOrigins = new ArrayList<>();
        for (int i = 0; ablationStep > 0 && i < origins.size(); i += ablationStep) {
            ablationOrigins.add(origins.get(i));
        }
        List<LocalDate> shortOrigins = new ArrayList<>();
        for (int i = 0; i < origins.size(); i += shortStep) {
            shortOrigins.add(origins.get(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<Score>>> futures = new ArrayList<>();
        List<Fit> fits = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            for (Variant v : variants) {
                boolean main = v.name().equals(MODEL);
                for (int h : HORIZONS) {
                    if (!main && h != 90) {
                        continue;
                    }
                    for (LocalDate origin : !main ? ablationOrigins : h == 90 ? origins : shortOrigins) {
                        futures.add(pool.submit(() -> fit(panel, v, origin, h, main, fits)));
                    }
                }
            }
            List<Score> scores = new ArrayList<>();
            for (Future<List<Score>> f : futures) {
                scores.addAll(f.get());
            }
            return new Result(scores, List.copyOf(fits), variants, ablationOrigins, featureMillis,
                    (System.nanoTime() - begin) / 1_000_000_000, trees, depth, eta, minChildWeight, ablationStep,
                    shortStep);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a risk backtest fit failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Score> fit(Panel panel, Variant variant, LocalDate origin, int horizon, boolean baselines,
                            List<Fit> fits) {
        return fit(panel, variant, origin, horizon, baselines, fits,
                RiskTrainer.xgboost(seed, 1, trees, depth, eta, minChildWeight).asServed(), false);
    }

    /** One fit with the given trainer; {@code hardOnly}: trained and calibrated on the hard population alone. */
    static List<Score> fit(Panel panel, Variant variant, LocalDate origin, int horizon, boolean baselines,
                           List<Fit> fits, RiskTrainer trainer, boolean hardOnly) {
        return fit(panel, variant, origin, horizon, baselines, fits, trainer, hardOnly, null, null, 0);
    }

    /**
     * One fit with the given trainer, or with a {@link RiskBoosterExperiment} (the trees' settings read off
     * {@code setting}, the regression's share {@code linearWeight}) when one is given.
     */
    static List<Score> fit(Panel panel, Variant variant, LocalDate origin, int horizon, boolean baselines,
                           List<Fit> fits, RiskTrainer trainer, boolean hardOnly, RiskBoosterExperiment experiment,
                           Setting setting, long seed) {
        LocalDate cut = origin.minusYears(1);
        List<RiskRow> training = new ArrayList<>();
        List<RiskRow> calibration = new ArrayList<>();
        List<Boolean> hardTraining = new ArrayList<>();
        List<Boolean> hardCalibration = new ArrayList<>();
        List<Integer> countTraining = new ArrayList<>();
        List<Integer> countCalibration = new ArrayList<>();
        boolean experimental = experiment != null;
        for (LocalDate t : panel.rows30.keySet()) {
            List<RiskRow> rows = panel.rows(t, horizon, hardOnly);
            boolean inTraining = !t.plusDays(horizon).isAfter(cut);
            if (!inTraining && (t.isBefore(cut) || t.plusDays(horizon).isAfter(origin))) {
                continue;
            }
            (inTraining ? training : calibration).addAll(rows);
            if (experimental) {
                // the experiment's per-row flags and counts, aligned with the rows just added (same filter, same order)
                boolean[] h = panel.hard.get(t);
                int[] c = panel.counts.get(horizon).get(t);
                for (int i = 0; i < h.length; i++) {
                    if (h[i] || !hardOnly) {
                        (inTraining ? hardTraining : hardCalibration).add(h[i]);
                        (inTraining ? countTraining : countCalibration).add(c[i]);
                    }
                }
            }
        }
        long t0 = System.nanoTime();
        List<RiskRow> test = panel.rows(origin, horizon);
        boolean[] hard = panel.hard.get(origin);
        double[] p;
        long millis;
        if (!experimental) {
            RiskModel model = trainer.withFeatures(variant.columns()).train(training, calibration, horizon, cut,
                    origin);
            millis = (System.nanoTime() - t0) / 1_000_000;
            p = model.probabilities(test);
        } else if (experiment.oracle() > 0) {
            p = oracle(panel, experiment, setting, variant, origin, horizon, training, hardTraining, countTraining,
                    calibration, hardCalibration, countCalibration, cut, seed);
            millis = (System.nanoTime() - t0) / 1_000_000;
        } else {
            p = experiment.fit(training, flags(hardTraining), counts(countTraining), calibration,
                    flags(hardCalibration), counts(countCalibration), test,
                    variant.columns(), setting.trees(), setting.depth(), setting.eta(), setting.minChildWeight(),
                    setting.linearWeight(), horizon, cut, origin, seed);
            // the experiment fits and scores in one call: its time includes scoring the test rows
            millis = (System.nanoTime() - t0) / 1_000_000;
        }
        fits.add(new Fit(variant.name(), origin, horizon, training.size(), calibration.size(), millis));
        List<Score> out = new ArrayList<>();
        add(out, variant.name(), MODEL, origin, horizon, test, hard, p);
        if (baselines) {
            int recency = RiskFeatures.NAMES.indexOf("reports_recency_weighted");
            int lastYear = RiskFeatures.NAMES.indexOf("shortages_365");
            double[] platt = Platt.fit(calibration, r -> Math.log(r.features()[recency] + 0.01));
            double[] rc = new double[test.size()];
            double[] ly = new double[test.size()];
            for (int i = 0; i < rc.length; i++) {
                rc[i] = Platt.apply(platt, Math.log(test.get(i).features()[recency] + 0.01));
                ly[i] = test.get(i).features()[lastYear] > 0 ? 1 : 0;
            }
            add(out, variant.name(), RECENCY, origin, horizon, test, hard, rc);
            add(out, variant.name(), LAST_YEAR, origin, horizon, test, hard, ly);
            if (horizon == 90) {
                Backtests.log("risk cold positives, %s, %d d, %s: %s", variant.name(), horizon, origin,
                        ColdPositives.of(test, hard, p, rc).describe());
            }
        }
        Score hardModel = out.get(1);
        Backtests.log("risk %s, %d d, %s: %d training rows, %d ms; hard ROC-AUC %.4f PR-AUC %.4f Brier %.4f%s",
                variant.name(), horizon, origin, training.size(), millis, hardModel.summary().rocAuc(),
                hardModel.summary().prAuc(), hardModel.summary().brier(), baselines ? String.format(
                        Locale.ROOT, " (recency %.4f %.4f %.4f)", out.get(3).summary().rocAuc(),
                        out.get(3).summary().prAuc(), out.get(3).summary().brier()) : "");
        return out;
    }

    /**
     * A trainer setting to compare: XGBoost {@code trees/depth/eta/minChildWeight} on the given columns (the served
     * ones by default), trained on every key or on the hard population only.
     */
    public record Setting(String name, int trees, int depth, double eta, double minChildWeight, boolean hardOnly,
                          List<String> columns, boolean refit, double linearWeight,
                          RiskBoosterExperiment experiment) {

        public Setting(String name, int trees, int depth, double eta, double minChildWeight, boolean hardOnly,
                       List<String> columns) {
            this(name, trees, depth, eta, minChildWeight, hardOnly, columns, false, 0, null);
        }

        /**
         * Reads {@code trees/depth/eta/minChildWeight}, with {@code /hard} appended to train on the hard population
         * only, {@code /refit} to refit on the calibration year too, {@code /linear0.3} to blend a logistic
         * regression's probability in at that weight, and {@code /+a+b-c} to add columns {@code a} and {@code b} to
         * the served ones and leave out {@code c}: {@code 150/4/0.1/5}, {@code 300/3/0.05/20/hard},
         * {@code 150/4/0.1/5/refit/linear0.3}, {@code 150/4/0.1/5/+reports_recency_30-month}. Any part
         * {@link RiskBoosterExperiment#with} reads ({@code own}, {@code rank:map}, {@code count:poisson},
         * {@code bag3}, {@code decay12}, ...) makes the setting a {@link RiskBoosterExperiment}, fitted with xgboost4j
         * directly and always refitted as served ({@code /refit} is then implied).
         */
        public static Setting parse(String text) {
            String usage = "a setting is trees/depth/eta/minChildWeight[/hard][/refit][/linearW][/+column-column]"
                    + "[/experiment parts: own, rank:map, count:poisson, bag3, ...], not " + text;
            String[] p = text.trim().split("/");
            if (p.length < 4 || p.length > 14) {
                throw new IllegalArgumentException(usage);
            }
            boolean hard = false;
            boolean refit = false;
            double linearWeight = 0;
            List<String> columns = new ArrayList<>(RiskFeatures.MODEL);
            RiskBoosterExperiment experiment = null;
            for (int i = 4; i < p.length; i++) {
                RiskBoosterExperiment e = RiskBoosterExperiment.with(experiment, p[i]);
                if (e != null) {
                    experiment = e;
                } else if (p[i].equals("hard")) {
                    hard = true;
                } else if (p[i].equals("refit")) {
                    refit = true;
                } else if (p[i].matches("linear(0?\\.[0-9]+)")) {
                    linearWeight = Double.parseDouble(p[i].substring("linear".length()));
                    if (!(linearWeight > 0 && linearWeight < 1)) {
                        throw new IllegalArgumentException(usage);
                    }
                } else if (p[i].startsWith("+") || p[i].startsWith("-")) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([+-])([a-z0-9_]+)").matcher(p[i]);
                    int end = 0;
                    while (m.find() && m.start() == end) {
                        end = m.end();
                        String column = m.group(2);
                        if (!RiskFeatures.NAMES.contains(column) && !RiskFeatures.LEAKY.contains(column)) {
                            throw new IllegalArgumentException("no risk feature is named " + column + " in " + text);
                        }
                        columns.remove(column);
                        if (m.group(1).equals("+")) {
                            columns.add(column);
                        }
                    }
                    if (end != p[i].length()) {
                        throw new IllegalArgumentException(usage);
                    }
                } else {
                    throw new IllegalArgumentException(usage);
                }
            }
            try {
                return new Setting(text.trim(), Integer.parseInt(p[0]), Integer.parseInt(p[1]),
                        Double.parseDouble(p[2]), Double.parseDouble(p[3]), hard, List.copyOf(columns), refit,
                        linearWeight, experiment);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(usage, e);
            }
        }
    }

    /**
     * Fits every setting at every origin for one horizon, on a pool of {@link #THREADS} threads, and returns the scores
     * (variant: the setting's name): how the settings are tuned on early origins before the rolling backtest
     * reports them on all.
     */
    public static List<Score> compare(RiskSources sources, List<Setting> settings, List<LocalDate> origins,
                                      int horizon, long seed) throws InterruptedException {
        if (horizon != 30 && horizon != 90) {
            throw new IllegalArgumentException("the horizon is 30 or 90 days, not " + horizon);
        }
        LocalDate last = origins.stream().max(LocalDate::compareTo).orElseThrow();
        if (settings.stream().anyMatch(s -> s.experiment() != null && s.experiment().oracle() > 0)) {
            // the oracle ceiling learns from the rows after its origin too; their windows must have ended
            last = last.plusMonths(RiskBoosterExperiment.ORACLE_MONTHS);
            if (last.plusDays(horizon).isAfter(sources.lastFiled().plusDays(1))) {
                throw new IllegalArgumentException("the oracle needs the windows of " + last + ", after the history");
            }
        }
        Panel panel = panel(sources, last, settings.stream().anyMatch(s -> s.experiment() != null));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<Score>>> futures = new ArrayList<>();
        try {
            for (Setting setting : settings) {
                Variant variant = new Variant(setting.name(), setting.columns());
                RiskTrainer trainer = RiskTrainer.xgboost(seed, 1, setting.trees(), setting.depth(), setting.eta(),
                        setting.minChildWeight());
                RiskTrainer refitted = setting.refit() ? trainer.refitted() : trainer;
                RiskTrainer chosen = setting.linearWeight() > 0 ? refitted.blendedWithLinear(setting.linearWeight())
                        : refitted;
                for (LocalDate origin : origins) {
                    futures.add(pool.submit(() -> fit(panel, variant, origin, horizon, true,
                            java.util.Collections.synchronizedList(new ArrayList<>()), chosen, setting.hardOnly(),
                            setting.experiment(), setting, seed)));
                }
            }
            List<Score> scores = new ArrayList<>();
            for (Future<List<Score>> f : futures) {
                scores.addAll(f.get());
            }
            return scores;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a risk fit failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The {@link RiskBoosterExperiment#oracle} ceiling's probabilities of the test rows: each fold of keys scored by
     * a fit whose training and calibration rows also hold the other folds' rows of the origins around the test
     * origin, labels after it included. Not a model anyone could serve: it measures how much of the gap to a target
     * the columns could close if the learner knew the test period's relation of columns to labels.
     */
    private static double[] oracle(Panel panel, RiskBoosterExperiment experiment, Setting setting, Variant variant,
                                   LocalDate origin, int horizon, List<RiskRow> training, List<Boolean> hardTraining,
                                   List<Integer> countTraining, List<RiskRow> calibration,
                                   List<Boolean> hardCalibration, List<Integer> countCalibration, LocalDate cut,
                                   long seed) {
        List<RiskRow> test = panel.rows(origin, horizon);
        double[] p = new double[test.size()];
        for (int fold = 0; fold < experiment.oracle(); fold++) {
            List<RiskRow> near = new ArrayList<>();
            List<Boolean> hardNear = new ArrayList<>();
            List<Integer> countNear = new ArrayList<>();
            for (LocalDate t = origin.minusMonths(RiskBoosterExperiment.ORACLE_MONTHS);
                 !t.isAfter(origin.plusMonths(RiskBoosterExperiment.ORACLE_MONTHS)); t = t.plusMonths(1)) {
                List<RiskRow> rows = panel.rows(t, horizon);
                for (int i = 0; i < rows.size(); i++) {
                    if (experiment.fold(rows.get(i).ingredient()) != fold) {
                        near.add(rows.get(i));
                        hardNear.add(panel.hard.get(t)[i]);
                        countNear.add(panel.counts.get(horizon).get(t)[i]);
                    }
                }
            }
            List<RiskRow> train = new ArrayList<>(training);
            train.addAll(near);
            List<Boolean> hardTrain = new ArrayList<>(hardTraining);
            hardTrain.addAll(hardNear);
            List<Integer> countTrain = new ArrayList<>(countTraining);
            countTrain.addAll(countNear);
            List<RiskRow> cal = new ArrayList<>(calibration);
            cal.addAll(near);
            List<Boolean> hardCal = new ArrayList<>(hardCalibration);
            hardCal.addAll(hardNear);
            List<Integer> countCal = new ArrayList<>(countCalibration);
            countCal.addAll(countNear);
            List<RiskRow> part = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < test.size(); i++) {
                if (experiment.fold(test.get(i).ingredient()) == fold) {
                    part.add(test.get(i));
                    at.add(i);
                }
            }
            double[] q = experiment.fit(train, flags(hardTrain), counts(countTrain), cal, flags(hardCal),
                    counts(countCal), part, variant.columns(), setting.trees(), setting.depth(), setting.eta(),
                    setting.minChildWeight(), setting.linearWeight(), horizon, cut, origin, seed);
            for (int i = 0; i < q.length; i++) {
                p[at.get(i)] = q[i];
            }
        }
        return p;
    }

    private static int[] counts(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean[] flags(List<Boolean> list) {
        boolean[] out = new boolean[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    private static void add(List<Score> out, String variant, String method, LocalDate origin, int horizon,
                            List<RiskRow> rows, boolean[] hard, double[] scores) {
        boolean[] labels = new boolean[rows.size()];
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rows.get(i).label();
            n += hard[i] ? 1 : 0;
        }
        out.add(new Score(variant, method, origin, horizon, "all",
                ClassificationMetrics.summarise(method, labels, scores)));
        boolean[] hl = new boolean[n];
        double[] hs = new double[n];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (hard[i]) {
                hl[k] = labels[i];
                hs[k++] = scores[i];
            }
        }
        out.add(new Score(variant, method, origin, horizon, "hard", ClassificationMetrics.summarise(method, hl, hs)));
    }

    /** Mean, standard deviation and moving-block bootstrap 95% interval of the mean of per-origin values. */
    public record Spread(double mean, double sd, double low, double high, int origins) {
    }

    /**
     * The spread of per-origin values, in origin order. Neighbouring origins share most of their label window, so
     * the bootstrap resamples blocks of {@code block} consecutive origins (the horizon in months), not single ones.
     */
    public static Spread spread(double[] values, int block, long seed) {
        Objects.requireNonNull(values, "values must not be null");
        int n = values.length;
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double sd = Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, n - 1));
        int b = Math.max(1, Math.min(block, n));
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[BOOTSTRAP];
        for (int r = 0; r < BOOTSTRAP; r++) {
            double sum = 0;
            int taken = 0;
            while (taken < n) {
                int start = random.nextInt(n - b + 1);
                for (int j = 0; j < b && taken < n; j++, taken++) {
                    sum += values[start + j];
                }
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        return new Spread(mean, sd, means[(int) (0.025 * BOOTSTRAP)], means[(int) (0.975 * BOOTSTRAP) - 1], n);
    }

    /** Per-origin values of one metric for a method, variant, horizon and population, in origin order. */
    public static double[] values(Result result, String variant, String method, int horizon, String population,
                                  ToDoubleFunction<ClassificationMetrics.Summary> metric) {
        return result.scores().stream().filter(s -> s.variant().equals(variant) && s.method().equals(method)
                        && s.horizonDays() == horizon && s.population().equals(population))
                .sorted((a, b) -> a.origin().compareTo(b.origin())).mapToDouble(s -> metric.applyAsDouble(s.summary()))
                .toArray();
    }

    /** Platt scaling of a one-number score, fitted by Newton's method on the calibration rows. */
    static final class Platt {

        private Platt() {
        }

        static double[] fit(List<RiskRow> rows, ToDoubleFunction<RiskRow> score) {
            boolean[] labels = new boolean[rows.size()];
            double[] x = new double[rows.size()];
            for (int i = 0; i < x.length; i++) {
                labels[i] = rows.get(i).label();
                x[i] = score.applyAsDouble(rows.get(i));
            }
            return fit(labels, x);
        }

        /** Platt scaling of the scores {@code x} of rows labelled {@code labels}. */
        static double[] fit(boolean[] labels, double[] scores) {
            double a = 1;
            double b = 0;
            for (int iteration = 0; iteration < 50; iteration++) {
                double ga = 0;
                double gb = 0;
                double haa = 1e-9;
                double hab = 0;
                double hbb = 1e-9;
                for (int i = 0; i < scores.length; i++) {
                    double x = scores[i];
                    double p = 1 / (1 + Math.exp(-(a * x + b)));
                    double e = p - (labels[i] ? 1 : 0);
                    double w = p * (1 - p);
                    ga += e * x;
                    gb += e;
                    haa += w * x * x;
                    hab += w * x;
                    hbb += w;
                }
                double det = haa * hbb - hab * hab;
                double da = (hbb * ga - hab * gb) / det;
                double db = (haa * gb - hab * ga) / det;
                a -= da;
                b -= db;
                if (Math.abs(da) + Math.abs(db) < 1e-9) {
                    break;
                }
            }
            return new double[] {a, b};
        }

        static double apply(double[] platt, double x) {
            return 1 / (1 + Math.exp(-(platt[0] * x + platt[1])));
        }
    }
}
