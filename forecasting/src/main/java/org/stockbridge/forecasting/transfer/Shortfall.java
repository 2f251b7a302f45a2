package org.stockbridge.forecasting.transfer;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A projected shortfall at a receiving site for one product, in units of issue.
 *
 * @param equivalenceGroupId the product's equivalence group; {@code null} when only the product itself will do
 * @param dailyDemand expected units per day at the destination, which bounds how much of a lot it can use before expiry
 * @param quantity units still uncovered: what open transfers already bring is not counted again
 * @param criticality at least 1 by convention (1 is ordinary); raised for essential medicines and tier-3 shortages
 * @param alreadyComing units open transfers already bring to the site (beside {@code quantity}), for the explanation
 */
public record Shortfall(long siteId, long productId, Long equivalenceGroupId, long quantity, double dailyDemand,
                        LocalDate neededBy, double criticality, long alreadyComing) {

    public Shortfall {
        if (quantity < 0) {
            throw new IllegalArgumentException("quantity must not be negative, was " + quantity);
        }
        if (!(dailyDemand >= 0) || Double.isInfinite(dailyDemand)) {
            throw new IllegalArgumentException("dailyDemand must be a non-negative number, was " + dailyDemand);
        }
        if (!(criticality > 0) || Double.isInfinite(criticality)) {
            throw new IllegalArgumentException("criticality must be a positive number, was " + criticality);
        }
        Objects.requireNonNull(neededBy, "neededBy must not be null");
        if (alreadyComing < 0) {
            throw new IllegalArgumentException("alreadyComing must not be negative, was " + alreadyComing);
        }
    }

    /** A shortfall no open transfer covers any of. */
    public Shortfall(long siteId, long productId, Long equivalenceGroupId, long quantity, double dailyDemand,
                     LocalDate neededBy, double criticality) {
        this(siteId, productId, equivalenceGroupId, quantity, dailyDemand, neededBy, criticality, 0);
    }
}
