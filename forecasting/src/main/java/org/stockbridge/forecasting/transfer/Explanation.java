package org.stockbridge.forecasting.transfer;

import java.util.List;
import java.util.Objects;

/** Why a transfer is recommended: what it covers, why this donor and lot, which constraints bound, what stays unmet. */
public record Explanation(String covers, String whyDonor, String whyLot, List<String> bindingConstraints,
                          String unmet) {

    public Explanation {
        bindingConstraints = List.copyOf(Objects.requireNonNull(bindingConstraints, "bindingConstraints must not be null"));
    }
}
