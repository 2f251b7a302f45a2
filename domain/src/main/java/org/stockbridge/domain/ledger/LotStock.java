package org.stockbridge.domain.ledger;

import java.time.LocalDate;
import java.util.Objects;

/** What the ledger knows of one lot at one site: its dates, its status and how much is on hand. */
public record LotStock(long lotId, String lotNumber, LocalDate labelledExpiry, LocalDate extendedExpiry,
                       LotStatus status, long onHand) {

    public LotStock {
        Objects.requireNonNull(labelledExpiry, "labelledExpiry must not be null");
        Objects.requireNonNull(status, "status must not be null");
        if (onHand < 0) {
            throw new IllegalArgumentException("onHand must not be negative, was " + onHand);
        }
    }

    /**
     * The expiry that applies at a site: the extended (U.S. Shelf-Life Extension Program) expiry counts only for U.S.
     * federal stock, the labelled expiry everywhere else.
     */
    public LocalDate effectiveExpiry(SiteContext site) {
        return extendedExpiry != null && site.slepApplies() ? extendedExpiry : labelledExpiry;
    }

    /** Whether this lot may be issued on {@code day}: released and not past its effective expiry. */
    public boolean issuable(SiteContext site, LocalDate day) {
        return status == LotStatus.RELEASED && !day.isAfter(effectiveExpiry(site));
    }
}
