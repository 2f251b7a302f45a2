package org.stockbridge.api.stock;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One page of a site's stock, one item per (product, lot), in product then lot order.
 *
 * @param site                  site code
 * @param asOf                  the instant the consumption window ends and expiry is judged on (its UTC day)
 * @param consumptionWindowDays how many days of ISSUE lines before {@code asOf} make the trailing consumption
 */
record SiteStockPage(String site, String siteName, String jurisdiction, boolean federal, OffsetDateTime asOf,
                     int consumptionWindowDays, List<Line> items, String nextCursor, int limit) {

    /** One lot of one product at the site, with the product's position at the site beside it. */
    record Line(ProductPosition product, LotPosition lot) {
    }

    /**
     * The product at the whole site (every lot, not only those on this page).
     *
     * @param usableOnHand     on hand in lots that are released and not past their effective expiry on asOf
     * @param issuedInWindow   units that left the site for use over the window: issued, and transferred out (how a
     *                         depot deploys); reversed lines do not count
     * @param dailyConsumption issuedInWindow per day
     * @param daysOfSupply     usableOnHand / dailyConsumption; null when nothing left the site in the window
     */
    record ProductPosition(String code, String name, String unitOfIssue, long onHand, long usableOnHand,
                           long issuedInWindow, double dailyConsumption, Double daysOfSupply) {
    }

    /**
     * One lot at the site.
     *
     * @param effectiveExpiry the extended (SLEP) expiry at U.S. federal sites, the labelled expiry elsewhere
     * @param issuable        released and not past its effective expiry on asOf
     */
    record LotPosition(String number, LocalDate labelledExpiry, LocalDate extendedExpiry, LocalDate effectiveExpiry,
                       String status, boolean issuable, long onHand, long balanceVersion, OffsetDateTime updatedAt) {
    }
}
