package org.stockbridge.forecasting.risk;

import java.time.LocalDate;

/** One (ingredient, origin) with its features and, once the window has passed, its label. */
public record RiskRow(String ingredient, LocalDate origin, double[] features, boolean label) {
}
