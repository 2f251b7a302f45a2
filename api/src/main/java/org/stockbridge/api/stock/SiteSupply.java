package org.stockbridge.api.stock;

/**
 * One site's supply position for a selection of products (a product, an equivalence group, a kind, or everything it
 * holds): where it is, what it holds and how long that lasts at its trailing 28-day outflow (what it issued and
 * transferred out: a depot deploys by transfers).
 *
 * @param issuedInWindow     units issued or transferred out over the window (reversed lines do not count)
 * @param daysOfSupply       usable on hand over daily consumption, summed over the selection; only when the selection
 *                           is one product or one equivalence group (units of different products do not add)
 * @param lowestDaysOfSupply the fewest days of supply among the selected products the site holds (null when none of
 *                           them left the site in the window)
 * @param lowestProduct      the product with that fewest days of supply
 */
record SiteSupply(String site, String name, String jurisdiction, String kind, String region, Double latitude,
                  Double longitude, int products, long onHand, long usableOnHand, long issuedInWindow,
                  Double daysOfSupply, Double lowestDaysOfSupply, String lowestProduct) {
}
