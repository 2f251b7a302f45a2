package org.stockbridge.forecasting.transfer;

import java.util.List;
import java.util.Objects;

/** What a plan does for one shortfall: requested, covered and unmet units, and why any stay unmet. */
public record ShortfallOutcome(long siteId, long productId, long requested, long covered, long unmet,
                               List<String> reasonsUnmet) {

    public ShortfallOutcome {
        reasonsUnmet = List.copyOf(Objects.requireNonNull(reasonsUnmet, "reasonsUnmet must not be null"));
    }
}
