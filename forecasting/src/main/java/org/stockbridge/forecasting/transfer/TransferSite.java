package org.stockbridge.forecasting.transfer;

import java.util.Objects;

/** A site as the optimiser sees it: jurisdiction {@code US} or {@code CA}, whether it is federal stock, its region. */
public record TransferSite(long siteId, String code, String jurisdiction, boolean federal, String region) {

    public TransferSite {
        Objects.requireNonNull(code, "code must not be null");
        Objects.requireNonNull(jurisdiction, "jurisdiction must not be null");
    }

    /** Whether a U.S. Shelf-Life Extension Program date counts here: only at U.S. federal sites. */
    public boolean recognisesExtendedExpiry() {
        return federal && "US".equals(jurisdiction);
    }
}
