package org.stockbridge.domain.ledger;

import java.time.LocalDate;

/**
 * The attributes of a lot (its labelled expiry, its SLEP extended expiry) are the lot's, set once when the lot is
 * first recorded: a later receipt or count that names them must name the same, and only U.S. federal sites may carry
 * a Shelf-Life Extension Program date at all.
 */
public final class LotAttributes {

    private LotAttributes() {
    }

    /** Why {@code site} may not name an extended expiry; null when it names none or may. */
    public static String slepRefusal(SiteContext site, LocalDate extendedExpiry) {
        if (extendedExpiry == null || site.slepApplies()) {
            return null;
        }
        return "only U.S. federal sites may carry a Shelf-Life Extension Program (SLEP) extended expiry";
    }

    /**
     * How what a writer names of a lot differs from the lot as stored; null when it agrees. An attribute the writer
     * leaves out agrees.
     */
    public static String mismatch(LotStock stored, LocalDate expiry, LocalDate extendedExpiry) {
        if (expiry != null && !expiry.equals(stored.labelledExpiry())) {
            return "lot " + stored.lotNumber() + " exists with expiry " + stored.labelledExpiry() + ", not " + expiry;
        }
        if (extendedExpiry != null && !extendedExpiry.equals(stored.extendedExpiry())) {
            return "lot " + stored.lotNumber() + " exists with " + (stored.extendedExpiry() == null
                    ? "no extended expiry" : "extended expiry " + stored.extendedExpiry()) + ", not " + extendedExpiry;
        }
        return null;
    }
}
