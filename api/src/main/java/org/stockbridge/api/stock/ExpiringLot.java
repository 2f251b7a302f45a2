package org.stockbridge.api.stock;

import java.time.LocalDate;

/**
 * A lot with stock at a site whose effective expiry at that site falls on or before the end of the window.
 *
 * @param daysToExpiry days from today (UTC) to the effective expiry; negative once expired
 * @param expired      the effective expiry is already past: the stock may no longer be issued
 */
record ExpiringLot(String site, String siteName, String jurisdiction, String product, String productName,
                   String unitOfIssue, String lotNumber, LocalDate labelledExpiry, LocalDate extendedExpiry,
                   LocalDate effectiveExpiry, String status, long onHand, long daysToExpiry, boolean expired) {
}
