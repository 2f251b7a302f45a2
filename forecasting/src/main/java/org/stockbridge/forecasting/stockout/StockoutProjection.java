package org.stockbridge.forecasting.stockout;

import java.time.LocalDate;
import java.util.List;

/**
 * The projected stock of a (site, product) over the horizon.
 *
 * @param path                   the on-hand at the end of each day at median demand and at the chosen quantile
 * @param stockoutProbability    the probability that demand over the horizon outruns the stock: the share of the
 *                               demand quantile levels 1%, 3%, …, 99% at which some demand goes unmet (a
 *                               resolution of 2%)
 * @param expectedStockoutDate   the first day demand goes unmet at median demand; {@code null} when it never does
 * @param stockoutDateAtQuantile the same at the chosen quantile of demand (the pessimistic date)
 * @param shortfall              unmet demand by the end of the horizon at the chosen quantile (what a transfer
 *                               must bring to cover demand with that confidence)
 * @param shortfallP10           unmet demand at p10, p50 and p90 demand: the shortfall's interval
 * @param expiring               usable stock that expires unused within the horizon at median demand
 * @param expectedInbound        inbound stock as expected after the supply-risk discount
 */
public record StockoutProjection(String site, String product, LocalDate asOf, int horizon, double quantile,
                                 List<Day> path, double stockoutProbability, LocalDate expectedStockoutDate,
                                 LocalDate stockoutDateAtQuantile, double shortfall, double shortfallP10,
                                 double shortfallP50, double shortfallP90, double expiring, double usable,
                                 double expectedInbound, double demandP50, double demandAtQuantile) {

    /** One day of the projected path. */
    public record Day(LocalDate date, double onHandP50, double onHandAtQuantile) {
    }

    public StockoutProjection {
        path = List.copyOf(path);
    }
}
