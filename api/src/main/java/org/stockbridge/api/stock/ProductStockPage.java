package org.stockbridge.api.stock;

import java.time.LocalDate;
import java.util.List;

/**
 * One page of the sites holding a product, in site order, with the product's totals in each jurisdiction. The totals
 * always cover every site of both jurisdictions, whatever the {@code jurisdiction} filter of the items.
 */
record ProductStockPage(String product, String name, String unitOfIssue, LocalDate asOf, List<JurisdictionTotal> totals,
                        List<SiteHolding> items, String nextCursor, int limit) {

    /** The product's stock at one site; usable means released and not past the effective expiry at that site. */
    record SiteHolding(String site, String name, String jurisdiction, String region, long onHand, long usableOnHand,
                       long lots) {
    }

    /** The product's stock in one jurisdiction (US, then CA). */
    record JurisdictionTotal(String jurisdiction, long onHand, long usableOnHand, long sites) {
    }
}
