package org.stockbridge.forecasting.risk;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.stockbridge.domain.shortage.ReportType;

/**
 * The features of one ingredient on one origin day, from what was known before that day: shortage and
 * discontinuance reports by their filing date (never start or end dates entered later, except that a shortage with
 * an end date before the origin counts as no longer active), their reasons, the tier 3 assessments of reports filed
 * at least {@value #TIER3_LAG_DAYS} days earlier (the assessment follows the filing), how many DINs and companies
 * market the ingredient (DPD), and the FDA shortages of the same substance active on the day.
 */
public final class RiskFeatures {

    /** A tier 3 assessment is only counted for reports filed this long before the origin. */
    public static final int TIER3_LAG_DAYS = 90;

    public static final List<String> NAMES = List.of(
            "shortages_total", "shortages_365", "shortages_90", "shortages_30", "days_since_shortage",
            "discontinuances_total", "discontinuances_365", "active_shortages", "tier3_known", "late_share",
            "reason_manufacturing_365", "reason_demand_365", "reason_shipping_365", "reason_ingredient_365",
            "reason_other_365", "companies_reporting_365", "dins_reporting_365", "marketed_dins",
            "marketed_companies", "reporting_share_365", "parenteral_share", "ingredient_count", "fda_active",
            "atc_group", "month", "all_reports_90");

    private RiskFeatures() {
    }

    /** The features of an ingredient on {@code origin}, given the number of reports of all ingredients in the 90 days before. */
    public static double[] compute(RiskSources sources, String ingredient, LocalDate origin, double allReports90) {
        List<FiledReport> reports = sources.reports(ingredient);
        int total = 0;
        int y1 = 0;
        int d90 = 0;
        int d30 = 0;
        LocalDate last = null;
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
        Set<String> companies = new HashSet<>();
        Set<String> dins = new HashSet<>();
        for (FiledReport r : reports) {
            if (!r.filed().isBefore(origin)) {
                break;
            }
            long age = ChronoUnit.DAYS.between(r.filed(), origin);
            all++;
            late += r.late() ? 1 : 0;
            if (r.tier3() && age >= TIER3_LAG_DAYS) {
                tier3++;
            }
            if (age <= 365) {
                if (r.company() != null) {
                    companies.add(r.company());
                }
                if (r.din() != null) {
                    dins.add(r.din());
                }
            }
            if (r.type() == ReportType.DISCONTINUATION) {
                discontinuances++;
                discontinuances365 += age <= 365 ? 1 : 0;
                continue;
            }
            total++;
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
            d90 += age <= 90 ? 1 : 0;
            d30 += age <= 30 ? 1 : 0;
            if (r.ended() == null || !r.ended().isBefore(origin)) {
                active++;
            }
        }
        MarketedProducts dpd = sources.marketed();
        int marketedDins = dpd.marketedDins(ingredient, origin);
        String atc = sources.atc(ingredient);
        double[] f = {
            total, y1, d90, d30, last == null ? Double.NaN : ChronoUnit.DAYS.between(last, origin),
            discontinuances, discontinuances365, active, tier3, all == 0 ? Double.NaN : (double) late / all,
            manufacturing, demand, shipping, ingredientShortage, other, companies.size(), dins.size(), marketedDins,
            dpd.marketedCompanies(ingredient, origin),
            marketedDins == 0 ? Double.NaN : Math.min(1.0, (double) dins.size() / marketedDins),
            dpd.parenteralShare(ingredient, origin), ingredient.split(" \\+ ").length,
            sources.fda().activeOn(ingredient, origin),
            atc == null || atc.isEmpty() ? Double.NaN : atc.charAt(0) - 'A' + 1,
            origin.getMonthValue(), allReports90
        };
        return f;
    }

    /** Reports of every ingredient filed in the 90 days before the origin: how busy the whole market is. */
    public static double allReports90(RiskSources sources, LocalDate origin) {
        LocalDate from = origin.minusDays(90);
        int n = 0;
        for (FiledReport r : sources.reports()) {
            if (!r.filed().isBefore(from) && r.filed().isBefore(origin)) {
                n++;
            }
        }
        return n;
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
