package org.stockbridge.forecasting.transfer;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One lot at a donor.
 *
 * @param extendedExpiry the U.S. Shelf-Life Extension Program date, or {@code null}
 * @param status {@code RELEASED}, {@code QUARANTINED}, {@code RECALLED} or {@code EXPIRED}
 * @param promised units of the lot already promised in open transfers out of the donor (not yet shipped): still on
 *                 hand, but no longer the donor's to give
 */
public record DonorLot(long lotId, String lotNumber, long onHand, LocalDate labelledExpiry, LocalDate extendedExpiry,
                       String status, long promised) {

    public DonorLot {
        Objects.requireNonNull(lotNumber, "lotNumber must not be null");
        Objects.requireNonNull(labelledExpiry, "labelledExpiry must not be null");
        Objects.requireNonNull(status, "status must not be null");
        if (onHand < 0) {
            throw new IllegalArgumentException("onHand must not be negative, was " + onHand);
        }
        if (promised < 0) {
            throw new IllegalArgumentException("promised must not be negative, was " + promised);
        }
    }

    /** A lot nothing has been promised from. */
    public DonorLot(long lotId, String lotNumber, long onHand, LocalDate labelledExpiry, LocalDate extendedExpiry,
                    String status) {
        this(lotId, lotNumber, onHand, labelledExpiry, extendedExpiry, status, 0);
    }

    /** What of the lot is on hand and not promised: the most it can still give. */
    public long available() {
        return Math.max(0, onHand - promised);
    }

    /** What of the lot is promised and still on hand to ship. */
    public long promisedOnHand() {
        return Math.min(onHand, promised);
    }

    /** Whether the lot is released: the only status a transfer ships from. */
    public boolean released() {
        return "RELEASED".equals(status.toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether the lot's expiry at its donor {@code site} has come by {@code day}: it cannot ship from then. */
    public boolean expiredOn(TransferSite site, LocalDate day) {
        return !expiryAt(site).isAfter(day);
    }

    /** The expiry that applies at a site: the extended date only where the site recognises it and it is later. */
    public LocalDate expiryAt(TransferSite site) {
        if (extendedExpiry != null && site.recognisesExtendedExpiry() && extendedExpiry.isAfter(labelledExpiry)) {
            return extendedExpiry;
        }
        return labelledExpiry;
    }
}
