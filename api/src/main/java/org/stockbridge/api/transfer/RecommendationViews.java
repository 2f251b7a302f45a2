package org.stockbridge.api.transfer;

import java.time.LocalDate;
import java.util.List;
import org.stockbridge.api.shortage.ShortageFreshness;

/** The requests and answers of transfer recommendations and scenarios. */
final class RecommendationViews {

    private RecommendationViews() {
    }

    record RecommendationRequest(Double quantile, Integer horizonDays, String jurisdiction, List<String> productCodes,
                                 Boolean save) {
    }

    record ScenarioRequest(Double quantile, Integer horizonDays, String jurisdiction, List<String> productCodes,
                           List<Surge> surges, List<String> closedSites, List<String> closedCrossings,
                           List<String> recalledProducts, List<RecalledLot> recalledLots) {
    }

    /** Demand at a region (HHS-n, a province or territory) or one site, times {@code multiplier}. */
    record Surge(String region, String siteCode, Double multiplier) {
    }

    record RecalledLot(String productCode, String lotNumber) {
    }

    record Site(String code, String name, String jurisdiction) {
    }

    record Product(String code, String name) {
    }

    record Lot(String lotNumber, LocalDate labelledExpiry, LocalDate extendedExpiry) {
    }

    record Solver(String name, String status, double gap, long solveMillis, double objective, double bestBound) {
    }

    record Shortfall(Site site, Product product, long requested, long covered, long unmet, List<String> reasonsUnmet) {
    }

    record Explanation(String covers, String whyDonor, String whyLot, List<String> bindingConstraints, String unmet) {
    }

    record Recommendation(Long transferId, Site from, Site to, Product product, Lot lot, long quantity, int packs,
                          int packSize, boolean crossBorder, List<String> crossings, int transitDays, double cost,
                          LocalDate dispatchOn, LocalDate arrivesOn, Explanation explanation) {

        Recommendation saved(long id) {
            return new Recommendation(id, from, to, product, lot, quantity, packs, packSize, crossBorder, crossings,
                    transitDays, cost, dispatchOn, arrivesOn, explanation);
        }
    }

    /**
     * @param supplyRiskFreshness how fresh the sources of the supply risk that discounted inbound stock in the
     *                            projections are, as in /risk/ingredients; null when no risk model was used
     */
    record Response(LocalDate asOf, double quantile, int horizonDays, String forecastModel, Solver solver,
                    List<Shortfall> shortfalls, List<Recommendation> recommendations,
                    ShortageFreshness supplyRiskFreshness) {
    }

    record ScenarioResponse(Response baseline, Response scenario) {
    }
}
