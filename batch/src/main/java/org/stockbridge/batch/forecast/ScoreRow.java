package org.stockbridge.batch.forecast;

import java.time.LocalDate;

/** One stored score: the forecast and stockout projection of a (site, product) at one horizon. */
public record ScoreRow(long modelId, long siteId, long productId, int horizonDays, LocalDate asOf, double expected,
                       double p10, double p50, double p90, long usable, double stockoutProbability,
                       LocalDate expectedStockoutDate, double shortfallP50, double shortfallP90) {
}
