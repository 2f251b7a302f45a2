package org.stockbridge.api.stock;

import java.util.List;

/**
 * The national position of one equivalence group (or of one product that belongs to no group), U.S. and Canada side
 * by side. Exactly one of {@code group} and {@code product} is set.
 *
 * @param unitsOfIssue the units of issue of the products counted; on-hand figures add units of issue
 * @param unitsNote    a reading note on the units: whether the totals add like with like
 */
record SummaryEntry(Group group, Product product, CountryStock us, CountryStock ca, List<String> unitsOfIssue,
                    String unitsNote) {

    record Group(String code, String name, String atcCode, boolean essential) {
    }

    record Product(String code, String name, String atcCode) {
    }

    /**
     * Stock held in one country.
     *
     * @param sites            how many of its sites hold some
     * @param products         the codes of the products held there
     * @param issuedInWindow   units issued in the country over the 28 days up to today (reversed issues excluded)
     * @param dailyConsumption issuedInWindow per day
     * @param daysOfSupply     usable on hand over the daily consumption; null when nothing was issued
     */
    record CountryStock(long onHand, long usableOnHand, long sites, List<String> products, long issuedInWindow,
                        double dailyConsumption, Double daysOfSupply) {
    }
}
