package org.stockbridge.forecasting.backtest;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.stockbridge.domain.shortage.ReportType;
import org.stockbridge.forecasting.backtest.RiskRollingBacktest.Result;
import org.stockbridge.forecasting.backtest.RiskRollingBacktest.Score;
import org.stockbridge.forecasting.backtest.RiskRollingBacktest.Spread;
import org.stockbridge.forecasting.metrics.ClassificationMetrics;
import org.stockbridge.forecasting.risk.FiledReport;
import org.stockbridge.forecasting.risk.RiskSources;
import org.stockbridge.forecasting.risk.RiskTrainer;

/**
 * Renders the rolling-origin risk backtest as the section of {@code docs/forecasting-backtest.md} between
 * {@link #BEGIN} and {@link #END}, which {@code benchmarks/backtest.sh risk} rewrites alone.
 */
public final class RiskRollingReport {

    public static final String BEGIN = "<!-- risk-rolling:begin -->";
    public static final String END = "<!-- risk-rolling:end -->";
    private static final long SEED = 20_261_206L;

    private RiskRollingReport() {
    }

    /** The section with its markers, or the report with its section replaced (appended when it has none). */
    public static String splice(String report, String section) {
        int b = report.indexOf(BEGIN);
        int e = report.indexOf(END);
        if (b < 0 || e < b) {
            return report.endsWith("\n") ? report + "\n" + section : report + "\n\n" + section;
        }
        return report.substring(0, b) + section + report.substring(e + END.length() + (report.startsWith("\n",
                e + END.length()) ? 1 : 0));
    }

    public static String render(Result r, RiskSources sources, String command) {
        StringBuilder s = new StringBuilder(BEGIN).append('\n');
        s.append("## Shortage risk: rolling origins on the hard population\n\n");
        s.append("Written by `").append(command).append("` (").append(r.seconds())
                .append(" s on this machine, ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; features of every ingredient-month computed once in ")
                .append(r.featureMillis()).append(" ms, then ").append(r.fits().size())
                .append(" XGBoost fits on a pool of ").append(RiskRollingBacktest.THREADS)
                .append(" threads, one XGBoost thread each). Sources: ").append(sources.description()).append(".")
                .append(command.endsWith(" risk") ? " **This section was rewritten alone: the headline, demand, "
                        + "Evusheld and time-split risk sections above it are from an older full run "
                        + "(`benchmarks/backtest.sh`), made before the features and settings described here, and are "
                        + "not current.**\n\n" : "\n\n");
        s.append(String.format(Locale.ROOT, "Monthly origins %s..%s, horizons 30 and 90 days%s. At each origin O the "
                + "model (XGBoost, %d trees of depth %d at %.2f, minimum child weight %.0f, Platt-calibrated) is "
                + "trained on the origins whose "
                + "label windows end by O minus a year, calibrated on the origins of the year before O whose "
                + "windows end by O, then refitted on both together with that calibration kept; its probability is "
                + "blended with a logistic regression's on the same columns (trained and calibrated on the same "
                + "rows, not refitted) at " + RiskTrainer.LINEAR_WEIGHT + " of the probability, as the served model "
                + "is: every label either sees was known at O. "
                + "**Hard population**: keys with a report of "
                + "any kind filed before O (the ingredients that have been short before). **Recency-weighted report "
                + "count**: Σ exp(−age_days/180) over the key's earlier reports, Platt-calibrated on the same "
                + "calibration rows for its Brier score (the ranking metrics do not depend on calibration). Spread: "
                + "mean ± standard deviation over origins, and a 95%% moving-block bootstrap interval of the mean "
                + "(blocks of as many origins as the horizon has months, since neighbouring windows overlap).%n%n",
                RiskRollingBacktest.FIRST, RiskRollingBacktest.LAST, r.shortStep() == 1 ? "" : String.format(
                        Locale.ROOT, " (30 days on every %s origin only, to finish on a busy machine)",
                        r.shortStep() == 2 ? "second" : ordinal(r.shortStep())), r.trees(), r.depth(), r.eta(), r.minChildWeight()));
        headline(s, r);
        s.append("\n### Every metric, both populations, mean over origins\n\n");
        s.append("| population | horizon | method | rows/origin | positives/origin | ROC-AUC | PR-AUC | Brier |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (String population : List.of("hard", "all")) {
            for (int h : RiskRollingBacktest.HORIZONS) {
                for (String m : List.of(RiskRollingBacktest.MODEL, RiskRollingBacktest.RECENCY,
                        RiskRollingBacktest.LAST_YEAR)) {
                    double rows = mean(RiskRollingBacktest.values(r, RiskRollingBacktest.MODEL, m, h, population,
                            x -> x.rows()));
                    double pos = mean(RiskRollingBacktest.values(r, RiskRollingBacktest.MODEL, m, h, population,
                            x -> x.positives()));
                    s.append(String.format(Locale.ROOT, "| %s | %d d | %s | %.0f | %.0f | %s | %s | %s |%n",
                            population.equals("hard") ? "hard (reported before)" : "all keys", h, m, rows, pos,
                            cell(r, m, h, population, ClassificationMetrics.Summary::rocAuc),
                            cell(r, m, h, population, ClassificationMetrics.Summary::prAuc),
                            m.equals(RiskRollingBacktest.LAST_YEAR) ? "(not a probability)"
                                    : cell(r, m, h, population, ClassificationMetrics.Summary::brier)));
                }
            }
        }
        s.append("\n### Each origin, hard population, 90 days\n\n");
        s.append("| origin | rows | positives | model ROC-AUC | recency ROC-AUC | model PR-AUC | recency PR-AUC | "
                + "model Brier | recency Brier |\n|---|---|---|---|---|---|---|---|---|\n");
        for (LocalDate o : RiskRollingBacktest.origins()) {
            ClassificationMetrics.Summary m = find(r, RiskRollingBacktest.MODEL, RiskRollingBacktest.MODEL, o, 90);
            ClassificationMetrics.Summary b = find(r, RiskRollingBacktest.MODEL, RiskRollingBacktest.RECENCY, o, 90);
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n", o,
                    m.rows(), m.positives(), m.rocAuc(), b.rocAuc(), m.prAuc(), b.prAuc(), m.brier(), b.brier()));
        }
        ablations(s, r);
        leakage(s, sources);
        s.append("\n").append(END).append('\n');
        return s.toString();
    }

    /** Two company names compared without case, punctuation and legal or generic suffixes. */
    static boolean sameCompany(String a, String b) {
        String x = companyCore(a);
        String y = companyCore(b);
        return x.equals(y) || !x.isEmpty() && !y.isEmpty() && (x.contains(y) || y.contains(x));
    }

    private static String companyCore(String name) {
        String words = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9 ]", " ");
        return String.join(" ", java.util.Arrays.stream(words.split("\\s+")).filter(w -> !w.isEmpty()
                && !COMPANY_SUFFIXES.contains(w)).toList());
    }

    private static final java.util.Set<String> COMPANY_SUFFIXES = java.util.Set.of("INC", "LTD", "LTEE", "LIMITED",
            "ULC", "CORP", "CORPORATION", "CANADA", "CO", "COMPANY", "LLC", "GMBH", "SA", "AG", "THE", "PHARMA",
            "PHARMACEUTICALS", "PHARMACEUTICAL", "LABORATORIES", "LABS", "INCORPORATED", "LP");

    /** "2nd", "3rd", "6th", "33rd": every nth origin in words. */
    static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    private static void headline(StringBuilder s, Result r) {
        s.append("### Against the targets (hard population, 90 days, mean over origins)\n\n");
        s.append("| target | model | recency-weighted count | difference [95% CI] | met |\n|---|---|---|---|---|\n");
        double[][] targets = {{0.03}, {0.05}, {0}};
        String[] names = {"ROC-AUC ≥ recency + 0.03", "PR-AUC ≥ recency + 0.05", "Brier below recency"};
        List<ToDoubleFunction<ClassificationMetrics.Summary>> metrics = List.of(
                ClassificationMetrics.Summary::rocAuc, ClassificationMetrics.Summary::prAuc,
                ClassificationMetrics.Summary::brier);
        for (int i = 0; i < 3; i++) {
            double[] m = RiskRollingBacktest.values(r, RiskRollingBacktest.MODEL, RiskRollingBacktest.MODEL, 90,
                    "hard", metrics.get(i));
            double[] b = RiskRollingBacktest.values(r, RiskRollingBacktest.MODEL, RiskRollingBacktest.RECENCY, 90,
                    "hard", metrics.get(i));
            double[] d = new double[m.length];
            for (int k = 0; k < d.length; k++) {
                d[k] = m[k] - b[k];
            }
            Spread sd = RiskRollingBacktest.spread(d, 3, SEED);
            boolean met = i < 2 ? sd.mean() >= targets[i][0] : sd.mean() < 0;
            s.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %+.4f [%+.4f, %+.4f] | %s |%n", names[i],
                    mean(m), mean(b), sd.mean(), sd.low(), sd.high(), met ? "yes" : "no"));
        }
        for (int h : RiskRollingBacktest.HORIZONS) {
            s.append(String.format(Locale.ROOT, "%nHard population, %d days: model ROC-AUC %s, PR-AUC %s, Brier %s; "
                            + "recency-weighted count ROC-AUC %s, PR-AUC %s, Brier %s.%n", h,
                    cell(r, RiskRollingBacktest.MODEL, h, "hard", ClassificationMetrics.Summary::rocAuc),
                    cell(r, RiskRollingBacktest.MODEL, h, "hard", ClassificationMetrics.Summary::prAuc),
                    cell(r, RiskRollingBacktest.MODEL, h, "hard", ClassificationMetrics.Summary::brier),
                    cell(r, RiskRollingBacktest.RECENCY, h, "hard", ClassificationMetrics.Summary::rocAuc),
                    cell(r, RiskRollingBacktest.RECENCY, h, "hard", ClassificationMetrics.Summary::prAuc),
                    cell(r, RiskRollingBacktest.RECENCY, h, "hard", ClassificationMetrics.Summary::brier)));
        }
    }

    private static void ablations(StringBuilder s, Result r) {
        if (r.ablationOrigins().isEmpty()) {
            s.append("\n### Ablations\n\nNot fitted in this run (`RISK_ABLATION_STEP=0`, to finish on a busy "
                    + "machine): the variants of `RiskRollingBacktest.variants()` were not measured against this "
                    + "model. The previous version of this section (git history of this file) measured them against "
                    + "the model before its refit.\n");
            return;
        }
        s.append(String.format(Locale.ROOT, "%n### Ablations: each feature group removed, each leaky feature put "
                + "back (hard population, 90 days, %d origin%s: every %s, %s..%s)%n%n", r.ablationOrigins().size(),
                r.ablationOrigins().size() == 1 ? "" : "s", ordinal(r.ablationStep()),
                r.ablationOrigins().get(0), r.ablationOrigins().get(r.ablationOrigins().size() - 1)));
        s.append("Δ is the variant minus the model on the same origins (mean, with its 95% bootstrap interval over "
                + "origins). A group whose removal lowers ROC-AUC or PR-AUC (negative Δ) or raises Brier carries "
                + "signal; a group the model leaves out is added instead (`with …`: it stays out unless it helps); "
                + "a leaky feature that raises the scores flattered the old backtest. An earlier run with every group "
                + "in found no gain within the noise from the ATC class's shortages over 90 and 365 days, the "
                + "busiest DIN and the share of companies discontinuing, so the model leaves them out. "
                + (r.ablationOrigins().size() < 6 ? "With " + r.ablationOrigins().size() + " origins the intervals "
                + "are rough: a Δ within ±0.002 is noise.\n\n" : "A Δ within ±0.002 is noise.\n\n"));
        s.append("| variant | ROC-AUC | Δ ROC-AUC | PR-AUC | Δ PR-AUC | Brier | Δ Brier |\n"
                + "|---|---|---|---|---|---|---|\n");
        List<LocalDate> origins = r.ablationOrigins();
        for (RiskRollingBacktest.Variant v : r.variants()) {
            double[][] own = new double[3][];
            double[][] delta = new double[3][];
            List<ToDoubleFunction<ClassificationMetrics.Summary>> metrics = List.of(
                    ClassificationMetrics.Summary::rocAuc, ClassificationMetrics.Summary::prAuc,
                    ClassificationMetrics.Summary::brier);
            for (int i = 0; i < 3; i++) {
                own[i] = new double[origins.size()];
                delta[i] = new double[origins.size()];
                for (int k = 0; k < origins.size(); k++) {
                    double value = metrics.get(i).applyAsDouble(find(r, v.name(), RiskRollingBacktest.MODEL,
                            origins.get(k), 90));
                    double base = metrics.get(i).applyAsDouble(find(r, RiskRollingBacktest.MODEL,
                            RiskRollingBacktest.MODEL, origins.get(k), 90));
                    own[i][k] = value;
                    delta[i][k] = value - base;
                }
            }
            StringBuilder row = new StringBuilder("| " + v.name());
            for (int i = 0; i < 3; i++) {
                Spread d = RiskRollingBacktest.spread(delta[i], 1, SEED);
                row.append(String.format(Locale.ROOT, " | %.4f | %s", mean(own[i]),
                        v.name().equals(RiskRollingBacktest.MODEL) ? "—"
                                : String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", d.mean(), d.low(), d.high())));
            }
            s.append(row).append(" |\n");
        }
    }

    private static void leakage(StringBuilder s, RiskSources sources) {
        int ended = 0;
        int lateEnd = 0;
        int tier3 = 0;
        int mismatched = 0;
        int mismatchedAsWritten = 0;
        int withDpd = 0;
        int withOwner = 0;
        int otherOwner = 0;
        int withOwnerEarly = 0;
        int otherOwnerEarly = 0;
        for (FiledReport f : sources.reports()) {
            if (f.type() == ReportType.SHORTAGE && f.ended() != null && f.updated() != null) {
                ended++;
                lateEnd += ChronoUnit.DAYS.between(f.ended(), f.updated()) > 30 ? 1 : 0;
            }
            tier3 += f.tier3() ? 1 : 0;
            String dpdKey = sources.marketed().keyOfDin(f.din());
            String owner = sources.marketed().companyOfDin(f.din());
            if (owner != null && f.company() != null) {
                withOwner++;
                otherOwner += sameCompany(owner, f.company()) ? 0 : 1;
                if (f.filed().getYear() <= 2019) {
                    withOwnerEarly++;
                    otherOwnerEarly += sameCompany(owner, f.company()) ? 0 : 1;
                }
            }
            if (dpdKey != null) {
                withDpd++;
                mismatched += dpdKey.equals(f.ingredient()) ? 0 : 1;
                mismatchedAsWritten += f.ingredient().equals(sources.marketed().writtenKeyOfDin(f.din())) ? 0 : 1;
            }
        }
        s.append("\n### What the model no longer knows\n\n");
        s.append(String.format(Locale.ROOT, "- **End dates.** The DSC file keeps each report's last state and the day "
                + "of its last update (`updated_date`), nothing earlier. A report counts as ended at an origin only "
                + "when it was last updated before the origin (then its end date was known); otherwise it counts as "
                + "active, since the file cannot tell when the end date was entered. Of %d shortage reports with an "
                + "end date, %d (%.0f%%) were last updated more than 30 days after it: for those the file cannot "
                + "say when the end was known. The ablation `with end dates as the file holds them now` measures "
                + "what the old rule added.%n", ended, lateEnd, 100.0 * lateEnd / Math.max(1, ended)));
        s.append(String.format(Locale.ROOT, "- **Tier 3.** %d reports carry the tier 3 flag as the 2026 export holds "
                + "it; `tier3_known` counts it only for reports last updated before the origin. The ablation `with "
                + "tier 3 as the file holds it now` puts back the old rule (any report filed 90 days earlier).%n",
                tier3));
        s.append("- **openFDA.** The March 2026 file lists mostly shortages still current in 2026, so at a 2023 "
                + "origin `fda_active` counts only the survivors; the model leaves it out, the ablation `with "
                + "fda_active` measures it. `fda_posted_365` and `fda_posted_total` count only records initially "
                + "posted before the origin, with no resolution date (which the file gives as of 2026), so the "
                + "property test holds them to the origin; but which records are in the file at all is decided in "
                + "2026: a shortage posted in 2019 and resolved in 2021 is absent, one still open in 2026 is "
                + "present. So they too carry a little of the future (a survivor is a long shortage), the model "
                + "leaves them out, and the ablation `with U.S. shortages posted before the origin` measures them."
                + " U.S. shortages as posted at the time, resolved ones included, are not in any file we have.\n");
        s.append("- **DPD.** Marketed DINs and companies come from each product's first market date and the date of "
                + "its current status (the DPD extract keeps no status history: one status per product, with the "
                + "date it took effect); a product cancelled and marketed again counts from its first date. So the "
                + "trend in marketed sources (`marketed_dins_change_90`, `marketed_dins_change_365`, "
                + "`marketed_companies_change_365`) sees each product's entry and its last exit, not the dormancies "
                + "between. ATC codes are the DPD's current ones (a classification).\n");
        s.append(String.format(Locale.ROOT, "- **DPD company names.** The DPD names each DIN's owner as of its "
                + "2025–26 extract and keeps no ownership history. Of %d reports whose DIN the DPD holds, %d (%.1f%%) "
                + "were filed by another company than the DIN's DPD owner (ignoring case, punctuation and legal "
                + "suffixes); of the %d filed in 2017–2019, %d (%.1f%%): DINs changed hands after them (Ranbaxy's "
                + "are Sun's now, Merck's Organon's). So the columns built on those names (the companies marketing "
                + "the ingredient and their change over a year, the makers' shortages on other ingredients) know "
                + "later mergers and sales; the model leaves them out, and the ablation `with the DPD's company "
                + "names` measures them. The reports' own company field (as filed) still feeds the company "
                + "history.%n", withOwner, otherOwner, 100.0 * otherOwner / Math.max(1, withOwner), withOwnerEarly,
                otherOwnerEarly, 100.0 * otherOwnerEarly / Math.max(1, withOwnerEarly)));
        s.append(String.format(Locale.ROOT, "- **Moiety keys.** DPD and DSC names are keyed to the active moiety "
                + "(`Ingredients.moiety`: `ABACAVIR (ABACAVIR SULFATE)` is `ABACAVIR`). Of %d reports whose DIN is "
                + "in the DPD, %d keyed differently from their DIN's DPD entry with the DPD's names as written; "
                + "with moiety keys %d still do (vaccine names, salts written without brackets such as "
                + "`ENALAPRIL MALEATE`).%n", withDpd, mismatchedAsWritten, mismatched));
    }

    private static String cell(Result r, String method, int h, String population,
                               ToDoubleFunction<ClassificationMetrics.Summary> metric) {
        double[] v = RiskRollingBacktest.values(r, RiskRollingBacktest.MODEL, method, h, population, metric);
        Spread sp = RiskRollingBacktest.spread(v, h / 30, SEED);
        return String.format(Locale.ROOT, "%.4f ± %.4f [%.4f, %.4f]", sp.mean(), sp.sd(), sp.low(), sp.high());
    }

    private static ClassificationMetrics.Summary find(Result r, String variant, String method, LocalDate origin,
                                                      int h) {
        return r.scores().stream().filter(x -> x.variant().equals(variant) && x.method().equals(method)
                && x.origin().equals(origin) && x.horizonDays() == h && x.population().equals("hard"))
                .map(Score::summary).findFirst().orElseThrow();
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return v.length == 0 ? Double.NaN : sum / v.length;
    }
}
