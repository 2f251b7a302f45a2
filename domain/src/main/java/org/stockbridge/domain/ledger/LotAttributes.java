package org.stockbridge.domain.ledger;

import java.time.LocalDate;

/**
 * The attributes of a lot (its labelled expiry, its SLEP extended expiry) are the lot's, set when the lot is first
 * recorded: a later receipt or count that names them must name the same, and only U.S. federal sites may carry a
 * Shelf-Life Extension Program date at all. One exception (ADR 0021): dates a partner system recorded speak for its
 * own sites only, so an agency writing the lot names its dates and they become the lot's; an agency's bind
 * everyone. An expiry
 * more than {@link #MAX_SHELF_LIFE_YEARS} years ahead is no medical product's.
 */
public final class LotAttributes {

    /** The furthest ahead an expiry (labelled or extended) may lie, in years from the day it is named. */
    public static final int MAX_SHELF_LIFE_YEARS = 50;

    private LotAttributes() {
    }

    /** Why {@code expiry}, named as {@code field} on {@code today}, is implausible; null when it is not. */
    public static String expiryRefusal(String field, LocalDate expiry, LocalDate today) {
        if (expiry == null || !expiry.isAfter(today.plusYears(MAX_SHELF_LIFE_YEARS))) {
            return null;
        }
        return field + " must be at most " + MAX_SHELF_LIFE_YEARS + " years ahead (" + today.plusYears(
                MAX_SHELF_LIFE_YEARS) + "), was " + expiry;
    }

    /**
     * Whether a writer takes a lot's dates over rather than being held to them: the stored dates came from a partner
     * system and the writer is not one. It must then name the dates, and the ones it names become the lot's.
     */
    public static boolean replacesPartnerDates(boolean storedFromPartner, boolean writerIsPartner) {
        return storedFromPartner && !writerIsPartner;
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
