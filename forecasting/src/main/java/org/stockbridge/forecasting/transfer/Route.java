package org.stockbridge.forecasting.transfer;

import java.util.List;
import java.util.Objects;

/** An open route between two sites: transit days, cost per unit moved and the border crossings it uses. */
public record Route(int transitDays, double costPerUnit, List<String> crossings) {

    public Route {
        if (transitDays < 0) {
            throw new IllegalArgumentException("transitDays must not be negative, was " + transitDays);
        }
        if (!(costPerUnit >= 0) || Double.isInfinite(costPerUnit)) {
            throw new IllegalArgumentException("costPerUnit must be a non-negative number, was " + costPerUnit);
        }
        crossings = List.copyOf(Objects.requireNonNull(crossings, "crossings must not be null"));
    }
}
