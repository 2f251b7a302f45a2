package org.stockbridge.domain.ledger;

import java.util.Objects;
import org.stockbridge.domain.Jurisdiction;

/** The facts about a site that ledger rules depend on. */
public record SiteContext(Jurisdiction jurisdiction, boolean federal) {

    public SiteContext {
        Objects.requireNonNull(jurisdiction, "jurisdiction must not be null");
    }

    /** SLEP extended expiry dates are valid only for U.S. federal stock. */
    public boolean slepApplies() {
        return jurisdiction == Jurisdiction.US && federal;
    }
}
