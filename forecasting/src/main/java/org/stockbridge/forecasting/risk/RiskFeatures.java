package org.stockbridge.forecasting.risk;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stockbridge.domain.shortage.ReportType;

/**
 * The features of one ingredient on one origin day, from what was known before that day and nothing else: a
 * feature computed from the full files equals the one computed from the files cut at the origin (reports filed
 * before it, each {@linkplain FiledReport#asKnownBefore as history then knew it}). Shortage and discontinuance
 * reports count by their filing date; an end date or a tier 3 assessment counts only when the report was last
 * updated before the origin (the file keeps no earlier state, so for a report updated later it cannot tell when they
 * were entered). Also: the ingredient's DINs and companies reporting, the DINs and companies marketing it (DPD) and
 * their change over 90 days and a year, the shortages of its ATC class and level-3 group (contagion), the other
 * reports of the companies that reported it, the other shortages of the companies the DPD has marketing it (matched
 * through the reports' DINs), the DINs ever reported, the cadence of its reports (days since the last one, the mean
 * gap between shortages, how overdue the next is), discontinuances by its companies, the same window a year earlier,
 * and how busy the whole market is. Candidates the model leaves out (see {@link #MODEL}): the recency-weighted count
 * at other scales and by kind, the years whose coming window had a shortage, discontinuances of other ingredients of
 * the ATC class, the oldest report still open as then known, the last report's reason, U.S. shortages posted
 * before the origin, the reports grouped into episodes (a report filed within two weeks of the one before belongs to
 * its episode: a company filing every strength at once is one event, as the label counts it), the share of earlier
 * 90-day windows that had a shortage, the shortages of keys sharing a moiety (a combination and its parts), the
 * shortages that ended in the last 90 days as then known and the share of marketed DINs still short.
 *
 * <p>{@link #LEAKY} are the features the model no longer uses because they know the future; only the backtest
 * computes them, to measure what they did.
 */
public final class RiskFeatures {

    /** Weights of prior reports in {@code reports_recency_weighted}: {@code exp(-age_days / RECENCY_DAYS)}. */
    public static final double RECENCY_DAYS = 180;

    /** Shortage reports filed more than this many days after the one before start a new episode. */
    private static final int EPISODE_GAP_DAYS = 14;

    /** The 90-day windows of {@code window_hit_*}: this many, each this many days before the next. */
    private static final int WINDOWS = 24;
    private static final int WINDOW_STEP_DAYS = 30;

    public static final List<String> NAMES = List.of(
            "shortages_total", "shortages_365", "shortages_90", "shortages_30", "days_since_shortage",
            "reports_recency_weighted", "discontinuances_total", "discontinuances_365", "active_shortages",
            "tier3_known", "late_share", "reason_manufacturing_365", "reason_demand_365", "reason_shipping_365",
            "reason_ingredient_365", "reason_other_365", "companies_reporting_365", "dins_reporting_365",
            "din_max_reports_730", "marketed_dins", "marketed_companies", "marketed_dins_change_365",
            "reporting_share_365", "parenteral_share", "ingredient_count", "atc_group", "atc_class_shortages_90",
            "atc_class_shortages_365", "company_other_reports_90", "company_other_reports_365",
            "discontinuing_company_share_365", "same_window_last_year", "month", "all_reports_90",
            "atc_class_shortages_30", "atc_class_shortages_180", "atc_group_shortages_90", "atc_group_shortages_180",
            "maker_other_shortages_90", "maker_other_shortages_365", "dins_reported_total",
            "marketed_dins_reported_share", "days_since_report", "mean_shortage_gap", "overdue_ratio",
            "marketed_companies_change_365", "marketed_dins_change_90", "discontinuances_90",
            "reports_recency_30", "reports_recency_90", "reports_recency_365", "shortage_recency_180",
            "discontinuance_recency_180", "seasonal_window_years", "atc_class_discontinuances_365",
            "fda_posted_365", "fda_posted_total", "open_report_days", "last_reason", "episodes_recency_180",
            "window_hit_share_730", "window_hit_recency", "sibling_shortages_90", "sibling_shortages_365",
            "recently_ended_90", "active_din_share", "episodes_total", "episodes_365", "episodes_90",
            "days_since_episode", "mean_episode_gap", "episode_overdue_ratio");

    /**
     * What the model used to know that an origin could not: active FDA shortages counted in the March 2026 openFDA
     * file (which lists mostly shortages still current in 2026, so an early origin sees only survivors); the tier 3
     * flag and the end date as the file holds them now, whenever they were entered.
     */
    public static final List<String> LEAKY = List.of("fda_active", "tier3_as_now", "active_as_now");

    /**
     * The features the served model is trained on: all of {@link #NAMES} but the ones that did not help on the
     * rolling origins of 2022..2024 (the ATC class's shortages over 90 and 365 days, the busiest DIN, the share of
     * companies discontinuing: no gain within the noise, see docs/forecasting-backtest.md), and the candidates measured
     * on the early origins of 2021 (benchmarks/risk-tuning.sh) that added nothing beyond the noise there: the
     * recency-weighted count at 30, 90 and 365 days and by kind, the coming window's shortages in earlier years,
     * competitors' discontinuances in the ATC class, the oldest open report and the last reason; and the U.S.
     * shortages posted before the origin, which the 2026 file holds only if they survived (see
     * docs/forecasting-backtest.md); the {@link #CURRENT_COMPANY_NAMES columns built on the DPD's current company
     * names}; and the episodes, window hits, moiety siblings, recent ends and DINs still short, measured on the 2021
     * and four later origins within the noise (docs/benchmarks/forecasting.md). They stay computed, so the backtest
     * and benchmarks/risk-tuning.sh measure them.
     */
    public static final List<String> MODEL = NAMES.stream().filter(n -> !List.of("atc_class_shortages_90",
            "atc_class_shortages_365", "din_max_reports_730", "discontinuing_company_share_365",
            "reports_recency_30", "reports_recency_90", "reports_recency_365", "shortage_recency_180",
            "discontinuance_recency_180", "seasonal_window_years", "atc_class_discontinuances_365",
            "fda_posted_365", "fda_posted_total", "open_report_days", "last_reason", "marketed_companies",
            "marketed_companies_change_365", "maker_other_shortages_90", "maker_other_shortages_365",
            "episodes_recency_180", "window_hit_share_730", "window_hit_recency", "sibling_shortages_90",
            "sibling_shortages_365", "recently_ended_90", "active_din_share", "episodes_total", "episodes_365",
            "episodes_90", "days_since_episode", "mean_episode_gap", "episode_overdue_ratio").contains(n))
            .toList();

    /**
     * The columns built on the DPD's company names, which are each DIN's owner as of the 2025–26 extract, not as of
     * the origin (DINs change hands: Ranbaxy's are Sun's now, Merck's Organon's), and the DPD keeps no ownership
     * history: the companies marketing an ingredient, their change over a year, and the makers' shortages on other
     * ingredients. The model leaves them out; the backtest measures them.
     */
    public static final List<String> CURRENT_COMPANY_NAMES = List.of("marketed_companies",
            "marketed_companies_change_365", "maker_other_shortages_90", "maker_other_shortages_365");

    private RiskFeatures() {
    }

    /** The column name of position {@code i} of a row: {@link #NAMES}, then {@link #LEAKY} when a row carries them. */
    public static String column(int i) {
        return i < NAMES.size() ? NAMES.get(i) : LEAKY.get(i - NAMES.size());
    }

    /** Whether the ingredient had a report of any kind filed before the origin: the population that matters. */
    public static boolean reportedBefore(RiskSources sources, String ingredient, LocalDate origin) {
        List<FiledReport> reports = sources.reports(ingredient);
        return !reports.isEmpty() && reports.get(0).filed().isBefore(origin);
    }

    /** The features of an ingredient on {@code origin}, given the number of reports of all ingredients in the 90 days before. */
    public static double[] compute(RiskSources sources, String ingredient, LocalDate origin, double allReports90) {
        List<FiledReport> reports = sources.reports(ingredient);
        int total = 0;
        int y1 = 0;
        int d90 = 0;
        int d30 = 0;
        LocalDate last = null;
        double recency = 0;
        int discontinuances = 0;
        int discontinuances365 = 0;
        int active = 0;
        int tier3 = 0;
        int late = 0;
        int all = 0;
        int manufacturing = 0;
        int demand = 0;
        int shipping = 0;
        int ingredientShortage = 0;
        int other = 0;
        int lastYearWindow = 0;
        Set<String> companies = new HashSet<>();
        Set<String> dins = new HashSet<>();
        Set<String> companies730 = new HashSet<>();
        Set<String> discontinuing = new HashSet<>();
        Map<String, Integer> byDin730 = new HashMap<>();
        List<FiledReport> own90 = new ArrayList<>();
        List<FiledReport> own365 = new ArrayList<>();
        List<FiledReport> prior = new ArrayList<>();
        Set<String> dinsEver = new HashSet<>();
        LocalDate firstShortage = null;
        LocalDate lastReport = null;
        int discontinuances90 = 0;
        double recency30 = 0;
        double recency90 = 0;
        double recency365 = 0;
        double shortageRecency = 0;
        double discontinuanceRecency = 0;
        Set<Long> seasonalYears = new HashSet<>();
        long oldestOpen = -1;
        double lastReason = Double.NaN;
        double episodes = 0;
        int episodeCount = 0;
        int episodes365 = 0;
        int episodes90 = 0;
        LocalDate firstEpisode = null;
        LocalDate lastEpisode = null;
        LocalDate lastShortageFiled = null;
        boolean[] windowHits = new boolean[WINDOWS];
        int recentlyEnded = 0;
        Set<String> activeDins = new HashSet<>();
        for (FiledReport r : reports) {
            if (!r.filed().isBefore(origin)) {
                break;
            }
            long age = ChronoUnit.DAYS.between(r.filed(), origin);
            boolean settled = r.settledBefore(origin);
            all++;
            prior.add(r);
            lastReport = r.filed();
            if (r.din() != null && !r.din().isBlank()) {
                dinsEver.add(r.din());
            }
            recency += Math.exp(-age / RECENCY_DAYS);
            recency30 += Math.exp(-age / 30.0);
            recency90 += Math.exp(-age / 90.0);
            recency365 += Math.exp(-age / 365.0);
            late += r.late() ? 1 : 0;
            tier3 += settled && r.tier3() ? 1 : 0;
            if (age <= 90) {
                own90.add(r);
            }
            if (age <= 365) {
                own365.add(r);
                if (r.company() != null) {
                    companies.add(r.company());
                }
                if (r.din() != null) {
                    dins.add(r.din());
                }
            }
            if (age <= 730) {
                if (r.company() != null) {
                    companies730.add(r.company());
                }
                if (r.din() != null && !r.din().isBlank()) {
                    byDin730.merge(r.din(), 1, Integer::sum);
                }
            }
            if (r.type() == ReportType.DISCONTINUATION) {
                discontinuanceRecency += Math.exp(-age / RECENCY_DAYS);
                discontinuances++;
                discontinuances90 += age <= 90 ? 1 : 0;
                if (age <= 365) {
                    discontinuances365++;
                    if (r.company() != null) {
                        discontinuing.add(r.company());
                    }
                }
                continue;
            }
            total++;
            shortageRecency += Math.exp(-age / RECENCY_DAYS);
            if (lastShortageFiled == null || ChronoUnit.DAYS.between(lastShortageFiled, r.filed()) > EPISODE_GAP_DAYS) {
                episodes += Math.exp(-age / RECENCY_DAYS);
                episodeCount++;
                episodes365 += age <= 365 ? 1 : 0;
                episodes90 += age <= 90 ? 1 : 0;
                firstEpisode = firstEpisode == null ? r.filed() : firstEpisode;
                lastEpisode = r.filed();
            }
            lastShortageFiled = r.filed();
            for (int k = 0; k < WINDOWS; k++) {
                windowHits[k] |= age > WINDOW_STEP_DAYS * k && age <= WINDOW_STEP_DAYS * k + 90;
            }
            if (settled && r.ended() != null && r.ended().isBefore(origin)
                    && !r.ended().isBefore(origin.minusDays(90))) {
                recentlyEnded++;
            }
            if (age > 275 && (age - 1) % 365 >= 275) {
                // filed in the window [origin, origin + 90) of an earlier year
                seasonalYears.add((age - 1) / 365);
            }
            lastReason = reasonCode(r.reason());
            if (firstShortage == null) {
                firstShortage = r.filed();
            }
            last = r.filed();
            if (age <= 365) {
                y1++;
                String reason = r.reason() == null ? "" : r.reason();
                switch (reason) {
                    case "7", "3" -> manufacturing++;
                    case "9" -> demand++;
                    case "8" -> shipping++;
                    case "5", "6" -> ingredientShortage++;
                    default -> other++;
                }
            }
            if (age > 275 && age <= 365) {
                lastYearWindow++;
            }
            d90 += age <= 90 ? 1 : 0;
            d30 += age <= 30 ? 1 : 0;
            if (!(settled && r.ended() != null && r.ended().isBefore(origin))) {
                active++;
                if (r.din() != null && !r.din().isBlank()) {
                    activeDins.add(r.din());
                }
                if (age <= 730 && age > oldestOpen) {
                    oldestOpen = age;
                }
            }
        }
        MarketedProducts dpd = sources.marketed();
        int marketedDins = dpd.marketedDins(ingredient, origin);
        int marketedCompanies = dpd.marketedCompanies(ingredient, origin);
        String atc = sources.atc(ingredient, origin);
        String atcClass = RiskSources.atcClass(atc);
        String atcGroup = RiskSources.atcGroup(atc);
        Set<String> marketedDinSet = dpd.marketedDinSet(ingredient, origin);
        long marketedReported = marketedDinSet.stream().filter(dinsEver::contains).count();
        double sinceShortage = last == null ? Double.NaN : ChronoUnit.DAYS.between(last, origin);
        double meanGap = total < 2 ? Double.NaN : (double) ChronoUnit.DAYS.between(firstShortage, last) / (total - 1);
        Set<String> makers = dpd.marketingCompanies(ingredient, origin);
        double sinceEpisode = lastEpisode == null ? Double.NaN : ChronoUnit.DAYS.between(lastEpisode, origin);
        double episodeGap = episodeCount < 2 ? Double.NaN
                : (double) ChronoUnit.DAYS.between(firstEpisode, lastEpisode) / (episodeCount - 1);
        double[] f = {
            total, y1, d90, d30, last == null ? Double.NaN : ChronoUnit.DAYS.between(last, origin), recency,
            discontinuances, discontinuances365, active, tier3, all == 0 ? Double.NaN : (double) late / all,
            manufacturing, demand, shipping, ingredientShortage, other, companies.size(), dins.size(),
            byDin730.values().stream().mapToInt(Integer::intValue).max().orElse(0), marketedDins, marketedCompanies,
            marketedDins - dpd.marketedDins(ingredient, origin.minusDays(365)),
            marketedDins == 0 ? Double.NaN : Math.min(1.0, (double) dins.size() / marketedDins),
            dpd.parenteralShare(ingredient, origin), ingredient.split(" \\+ ").length,
            atc == null || atc.isEmpty() ? Double.NaN : atc.charAt(0) - 'A' + 1,
            classShortages(sources, atcClass, own90, origin, 90),
            classShortages(sources, atcClass, own365, origin, 365),
            companyReports(sources, companies730, own90, origin, 90),
            companyReports(sources, companies730, own365, origin, 365),
            discontinuing.isEmpty() ? 0 : (double) discontinuing.size() / Math.max(1, marketedCompanies),
            lastYearWindow, origin.getMonthValue(), allReports90,
            classShortages(sources, atcClass, prior, origin, 30),
            classShortages(sources, atcClass, prior, origin, 180),
            groupShortages(sources, atcGroup, prior, origin, 90),
            groupShortages(sources, atcGroup, prior, origin, 180),
            makerShortages(sources, makers, prior, origin, 90),
            makerShortages(sources, makers, prior, origin, 365),
            dinsEver.size(), marketedDinSet.isEmpty() ? Double.NaN : (double) marketedReported / marketedDinSet.size(),
            lastReport == null ? Double.NaN : ChronoUnit.DAYS.between(lastReport, origin), meanGap,
            Double.isNaN(meanGap) || meanGap <= 0 ? Double.NaN : sinceShortage / meanGap,
            marketedCompanies - dpd.marketedCompanies(ingredient, origin.minusDays(365)),
            marketedDins - dpd.marketedDins(ingredient, origin.minusDays(90)), discontinuances90,
            recency30, recency90, recency365, shortageRecency, discontinuanceRecency, seasonalYears.size(),
            classDiscontinuances(sources, atcClass, prior, origin, 365),
            sources.fda().postedBetween(ingredient, origin.minusDays(365), origin),
            sources.fda().postedBetween(ingredient, LocalDate.MIN, origin),
            oldestOpen < 0 ? Double.NaN : oldestOpen, lastReason, episodes, hitShare(windowHits, 0),
            hitShare(windowHits, RECENCY_DAYS),
            sources.siblingShortagesBetween(ingredient, origin.minusDays(90), origin),
            sources.siblingShortagesBetween(ingredient, origin.minusDays(365), origin), recentlyEnded,
            marketedDins == 0 ? Double.NaN : Math.min(1.0, (double) activeDins.size() / marketedDins),
            episodeCount, episodes365, episodes90, sinceEpisode, episodeGap,
            Double.isNaN(episodeGap) || episodeGap <= 0 ? Double.NaN : sinceEpisode / episodeGap
        };
        return f;
    }

    /**
     * The share of the {@link #WINDOWS} 90-day windows before the origin, a {@link #WINDOW_STEP_DAYS} apart, in which a
     * shortage was filed; each window weighted {@code exp(-start_age / scale)} when a scale is given (0: evenly).
     */
    private static double hitShare(boolean[] hits, double scale) {
        double hit = 0;
        double all = 0;
        for (int k = 0; k < hits.length; k++) {
            double w = scale == 0 ? 1 : Math.exp(-(double) WINDOW_STEP_DAYS * k / scale);
            all += w;
            hit += hits[k] ? w : 0;
        }
        return hit / all;
    }

    /** The shortage reason category as a number (a tree splits it), NaN when none is given or it is not a number. */
    private static double reasonCode(String reason) {
        if (reason == null) {
            return Double.NaN;
        }
        try {
            return Integer.parseInt(reason.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * Discontinuance notices of the other ingredients of the ATC class (level 4) filed in the {@code days} before the
     * origin: competitors leaving the therapeutic neighbourhood.
     */
    private static double classDiscontinuances(RiskSources sources, String atcClass, List<FiledReport> own,
                                               LocalDate origin, int days) {
        if (atcClass == null) {
            return Double.NaN;
        }
        LocalDate from = origin.minusDays(days);
        long mine = own.stream().filter(r -> r.type() == ReportType.DISCONTINUATION && !r.filed().isBefore(from)
                && atcClass.equals(RiskSources.atcClass(r.atc()))).count();
        return sources.discontinuancesOfClassBetween(atcClass, from, origin) - mine;
    }

    /** Shortage reports of the other ingredients of the ATC class filed in the {@code days} before the origin. */
    private static double classShortages(RiskSources sources, String atcClass, List<FiledReport> own, LocalDate origin,
                                         int days) {
        if (atcClass == null) {
            return Double.NaN;
        }
        LocalDate from = origin.minusDays(days);
        long mine = own.stream().filter(r -> r.type() == ReportType.SHORTAGE && !r.filed().isBefore(from)
                && atcClass.equals(RiskSources.atcClass(r.atc()))).count();
        return sources.shortagesOfClassBetween(atcClass, from, origin) - mine;
    }

    /**
     * Shortage reports of the other ingredients of the ATC level-3 group filed in the {@code days} before the origin.
     */
    private static double groupShortages(RiskSources sources, String atcGroup, List<FiledReport> own, LocalDate origin,
                                         int days) {
        if (atcGroup == null) {
            return Double.NaN;
        }
        LocalDate from = origin.minusDays(days);
        long mine = own.stream().filter(r -> r.type() == ReportType.SHORTAGE && !r.filed().isBefore(from)
                && atcGroup.equals(RiskSources.atcGroup(r.atc()))).count();
        return sources.shortagesOfGroupBetween(atcGroup, from, origin) - mine;
    }

    /**
     * Shortage reports on other ingredients filed in the {@code days} before the origin on DINs of the companies that
     * market this one on the origin (the DPD's makers, matched to reports through their DINs).
     */
    private static double makerShortages(RiskSources sources, Set<String> makers, List<FiledReport> own,
                                         LocalDate origin, int days) {
        if (makers.isEmpty()) {
            return Double.NaN;
        }
        LocalDate from = origin.minusDays(days);
        int n = 0;
        for (String maker : makers) {
            n += sources.shortagesOfMakerBetween(maker, from, origin);
        }
        MarketedProducts dpd = sources.marketed();
        long mine = own.stream().filter(r -> r.type() == ReportType.SHORTAGE && !r.filed().isBefore(from)
                && makers.contains(dpd.companyOfDin(r.din()))).count();
        return n - mine;
    }

    /**
     * Reports on other ingredients filed in the {@code days} before the origin by the companies that reported this
     * one.
     */
    private static double companyReports(RiskSources sources, Set<String> companies, List<FiledReport> own,
                                         LocalDate origin, int days) {
        LocalDate from = origin.minusDays(days);
        int n = 0;
        for (String company : companies) {
            n += sources.filedByCompanyBetween(company, from, origin);
        }
        long mine = own.stream().filter(r -> r.company() != null && companies.contains(r.company())
                && !r.filed().isBefore(from)).count();
        return n - mine;
    }

    /** The {@link #LEAKY} features of an ingredient on the origin, for the backtest's ablations only. */
    public static double[] leaky(RiskSources sources, String ingredient, LocalDate origin) {
        int tier3 = 0;
        int active = 0;
        for (FiledReport r : sources.reports(ingredient)) {
            if (!r.filed().isBefore(origin)) {
                break;
            }
            if (r.tier3() && ChronoUnit.DAYS.between(r.filed(), origin) >= 90) {
                tier3++;
            }
            if (r.type() == ReportType.SHORTAGE && (r.ended() == null || !r.ended().isBefore(origin))) {
                active++;
            }
        }
        return new double[] {sources.fda().activeOn(ingredient, origin), tier3, active};
    }

    /** Reports of every ingredient filed in the 90 days before the origin: how busy the whole market is. */
    public static double allReports90(RiskSources sources, LocalDate origin) {
        return sources.filedBetween(origin.minusDays(90), origin);
    }

    /** Whether a new shortage report for the ingredient was filed in {@code [origin, origin + horizonDays)}. */
    public static boolean label(RiskSources sources, String ingredient, LocalDate origin, int horizonDays) {
        LocalDate end = origin.plusDays(horizonDays);
        for (FiledReport r : sources.reports(ingredient)) {
            if (r.type() == ReportType.SHORTAGE && !r.filed().isBefore(origin) && r.filed().isBefore(end)) {
                return true;
            }
        }
        return false;
    }
}
