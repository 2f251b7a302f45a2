package org.stockbridge.api.forecast;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.stockbridge.api.shortage.ShortageFreshness;
import org.stockbridge.api.web.Page;
import org.stockbridge.forecasting.risk.RiskScore;

/** The JSON shapes of the forecast endpoints. */
final class ForecastViews {

    private ForecastViews() {
    }

    /**
     * Demand over the horizon (units of issue): the quantiles of the total and its expected value, the mean of the
     * distribution those quantiles describe (above the median p50 when demand is skewed to the right).
     */
    record Demand(double expected, double p10, double p50, double p90, Map<String, Double> quantiles) {
    }

    /** The what-if parameters a result was computed with. */
    record WhatIf(double demandMultiplier, int leadTimeDelayDays) {
    }

    /** One day of the projected on-hand. */
    record PathDay(LocalDate date, double onHandP50, double onHandAtQuantile) {
    }

    /** The stockout projection. */
    record Projection(double quantile, double stockoutProbability, LocalDate expectedStockoutDate,
                      LocalDate stockoutDateAtQuantile, double shortfall, Map<String, Double> shortfallInterval,
                      double expiringUnused, double expectedInbound, List<PathDay> path) {
    }

    /**
     * The forecast of one (site, product).
     *
     * @param supplyRiskFreshness how fresh the sources of {@code supplyRisk} are; null when no risk model was used
     *                            (the risk is then 0: no discount)
     */
    record SiteForecast(String site, String product, LocalDate asOf, int horizonDays, Demand demand, long usable,
                        double supplyRisk, Projection projection, WhatIf whatIf, ModelRef model,
                        ShortageFreshness supplyRiskFreshness) {
    }

    /** One projected shortfall in the ranked list. */
    record Shortfall(String site, String siteName, String jurisdiction, String region, String product,
                     String productName, String productKind, LocalDate asOf, int horizonDays, long usable,
                     double demandP50, double demandP90, double stockoutProbability, LocalDate expectedStockoutDate,
                     LocalDate stockoutDateAtP90, double shortfallP50, double shortfallP90, double supplyRisk,
                     String model) {
    }

    /**
     * One page of projected shortfalls: a {@link Page} of them and how fresh the sources of their {@code supplyRisk}
     * are. The schema keeps the name of the page it extends.
     *
     * @param supplyRiskFreshness null when no risk model was used (every supply risk is then 0: no discount)
     */
    @Schema(name = "PageShortfall")
    record ShortfallPage(List<Shortfall> items, String nextCursor, int limit, ShortageFreshness supplyRiskFreshness) {

        static ShortfallPage of(Page<Shortfall> page, ShortageFreshness supplyRiskFreshness) {
            return new ShortfallPage(page.items(), page.nextCursor(), page.limit(), supplyRiskFreshness);
        }
    }

    /**
     * One page of the shortage risk ranking: a {@link Page} of risks and how fresh the sources they were computed
     * from are. The schema keeps the name of the page it extends.
     *
     * @param freshness the shortage sources the scores were computed from, each up to the day it was read up to
     *                  (before the risk's as-of day), and a one-line statement of them
     */
    @Schema(name = "PageRisk")
    record RiskPage(List<Risk> items, String nextCursor, int limit, ShortageFreshness freshness) {

        static RiskPage of(Page<Risk> page, ShortageFreshness freshness) {
            return new RiskPage(page.items(), page.nextCursor(), page.limit(), freshness);
        }
    }

    /**
     * One ingredient's shortage risk, with how many Drug Shortages Canada reports (shortages and discontinuances) were
     * filed for it before the as-of day and the last of those days (null when none: never short before).
     */
    record Risk(String ingredient, String atc, LocalDate asOf, int horizonDays, double probability,
                List<Driver> drivers, String model, int reportsBefore, LocalDate lastReportFiled) {
    }

    /**
     * One feature that drove a risk score: its value for the ingredient (null when it has none, such as the days
     * since a report for an ingredient never reported), the typical value, and the change in probability it made.
     */
    record Driver(String feature, Double value, double typical, double effect) {

        static Driver of(RiskScore.Driver d) {
            return new Driver(d.feature(), Double.isNaN(d.value()) ? null : d.value(), d.typical(), d.effect());
        }
    }

    /** A registered model. */
    record Model(long id, String kind, String name, int version, Integer horizonDays, OffsetDateTime trainedAt,
                 LocalDate trainingFrom, LocalDate trainingTo, LocalDate dataUpTo, int trainingRows,
                 int calibrationRows, String summary, Map<String, Object> metrics) {
    }
}
