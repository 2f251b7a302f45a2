package org.stockbridge.forecasting.transfer;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One lot at a donor.
 *
 * @param extendedExpiry the U.S. Shelf-Life Extension Program date, or {@code null}
 * @param status {@code RELEASED}, {@code QUARANTINED}, {@code RECALLED} or {@code EXPIRED}
 */
public record DonorLot(long lotId, String lotNumber, long onHand, LocalDate labelledExpiry, LocalDate extendedExpiry,
                       String status) {

    public DonorLot {
        Objects.requireNonNull(lotNumber, "lotNumber must not be null");
        Objects.requireNonNull(labelledExpiry, "labelledExpiry must not be null");
        Objects.requireNonNull(status, "status must not be null");
        if (onHand < 0) {
            throw new IllegalArgumentException("onHand must not be negative, was " + onHand);
        }
    }

    /** The expiry that applies at a site: the extended date only where the site recognises it and it is later. */
    public LocalDate expiryAt(TransferSite site) {
        if (extendedExpiry != null && site.recognisesExtendedExpiry() && extendedExpiry.isAfter(labelledExpiry)) {
            return extendedExpiry;
        }
        return labelledExpiry;
    }
}
