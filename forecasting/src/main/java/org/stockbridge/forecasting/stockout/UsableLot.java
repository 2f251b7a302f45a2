package org.stockbridge.forecasting.stockout;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Stock of one lot that can be issued: released (not quarantined, recalled or expired) with its expiry as it applies
 * at the site (the extended SLEP date only at U.S. federal sites). Stock past {@code expiry} is lost, not issued.
 */
public record UsableLot(String lot, long quantity, LocalDate expiry) {

    public UsableLot {
        Objects.requireNonNull(lot, "lot must not be null");
        Objects.requireNonNull(expiry, "expiry must not be null");
        if (quantity < 0) {
            throw new IllegalArgumentException("quantity must not be negative, was " + quantity);
        }
    }
}
