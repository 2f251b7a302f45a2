package org.stockbridge.forecasting.stockout;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.stockbridge.forecasting.demand.DemandForecast;

/**
 * Projects a (site, product)'s stock over a forecast's horizon: day by day, inbound stock arrives (discounted by the
 * supply risk, delayed by the what-if delay), lots past their expiry are lost, and the day's demand is issued
 * first-expiry-first-out; demand that finds no stock is a shortfall. Demand on a day is the forecast total at a
 * quantile spread evenly over the horizon. The stockout probability is one minus the lowest demand quantile at which
 * demand goes unmet (found by bisection, since more demand never means less shortfall).
 *
 * <p>This is the public entry point other modules (the transfer recommender) call: records in, a record out, no
 * state.
 */
public final class StockoutProjector {

    private static final double LOW = 0.02;
    private static final double HIGH = 0.98;

    /** Projects the position against the forecast. */
    public StockoutProjection project(StockPosition position, DemandForecast forecast, ProjectionSettings settings) {
        Objects.requireNonNull(position, "position must not be null");
        Objects.requireNonNull(forecast, "forecast must not be null");
        Objects.requireNonNull(settings, "settings must not be null");
        DemandForecast demand = forecast.scaled(settings.demandMultiplier());
        List<Stock> inbound = inbound(position, settings);
        Run median = run(position, inbound, demand.quantile(0.5), demand.horizon());
        Run pessimistic = run(position, inbound, demand.quantile(settings.quantile()), demand.horizon());
        double p10 = run(position, inbound, demand.quantile(0.1), demand.horizon()).shortfall;
        double p90 = run(position, inbound, demand.quantile(0.9), demand.horizon()).shortfall;
        List<StockoutProjection.Day> path = new ArrayList<>();
        for (int d = 0; d < demand.horizon(); d++) {
            path.add(new StockoutProjection.Day(position.asOf().plusDays(d + 1L), median.onHand[d],
                    pessimistic.onHand[d]));
        }
        double expectedInbound = inbound.stream().mapToDouble(s -> s.quantity).sum();
        return new StockoutProjection(position.site(), position.product(), position.asOf(), demand.horizon(),
                settings.quantile(), path, probability(position, inbound, demand), median.stockoutDate(position),
                pessimistic.stockoutDate(position), pessimistic.shortfall, p10, median.shortfall, p90,
                median.expired, position.usable(), expectedInbound, demand.quantile(0.5),
                demand.quantile(settings.quantile()));
    }

    private double probability(StockPosition position, List<Stock> inbound, DemandForecast demand) {
        if (run(position, inbound, demand.quantile(HIGH), demand.horizon()).shortfall <= 0) {
            return 0;
        }
        if (run(position, inbound, demand.quantile(LOW), demand.horizon()).shortfall > 0) {
            return HIGH;
        }
        double lo = LOW;
        double hi = HIGH;
        for (int i = 0; i < 30; i++) {
            double mid = (lo + hi) / 2;
            if (run(position, inbound, demand.quantile(mid), demand.horizon()).shortfall > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 1 - hi;
    }

    private static List<Stock> inbound(StockPosition position, ProjectionSettings settings) {
        double keep = 1 - settings.supplyRisk() * settings.disruptionLoss();
        List<Stock> out = new ArrayList<>();
        for (Inbound in : position.inbound()) {
            LocalDate arrival = in.arrival().plusDays(settings.leadTimeDelayDays());
            out.add(new Stock(arrival, in.expiry() == null ? LocalDate.MAX : in.expiry(), in.quantity() * keep));
        }
        return out;
    }

    private static final class Stock {
        final LocalDate arrival;
        final LocalDate expiry;
        double quantity;

        Stock(LocalDate arrival, LocalDate expiry, double quantity) {
            this.arrival = arrival;
            this.expiry = expiry;
            this.quantity = quantity;
        }
    }

    private static final class Run {
        double[] onHand;
        double shortfall;
        double expired;
        int firstShortDay = -1;

        LocalDate stockoutDate(StockPosition position) {
            return firstShortDay < 0 ? null : position.asOf().plusDays(firstShortDay + 1L);
        }
    }

    private static Run run(StockPosition position, List<Stock> inbound, double total, int horizon) {
        double daily = total / horizon;
        List<Stock> held = new ArrayList<>();
        for (UsableLot lot : position.lots()) {
            held.add(new Stock(position.asOf(), lot.expiry(), lot.quantity()));
        }
        List<Stock> coming = new ArrayList<>();
        for (Stock s : inbound) {
            coming.add(new Stock(s.arrival, s.expiry, s.quantity));
        }
        Run run = new Run();
        run.onHand = new double[horizon];
        for (int d = 0; d < horizon; d++) {
            LocalDate day = position.asOf().plusDays(d + 1L);
            for (var it = coming.iterator(); it.hasNext(); ) {
                Stock s = it.next();
                if (!s.arrival.isAfter(day)) {
                    held.add(s);
                    it.remove();
                }
            }
            held.sort(Comparator.comparing((Stock s) -> s.expiry));
            double need = daily;
            for (Stock s : held) {
                if (s.expiry.isBefore(day)) {
                    run.expired += s.quantity;
                    s.quantity = 0;
                    continue;
                }
                double take = Math.min(need, s.quantity);
                s.quantity -= take;
                need -= take;
            }
            held.removeIf(s -> s.quantity <= 1e-9);
            if (need > 1e-9) {
                run.shortfall += need;
                if (run.firstShortDay < 0) {
                    run.firstShortDay = d;
                }
            }
            run.onHand[d] = held.stream().mapToDouble(s -> s.quantity).sum();
        }
        return run;
    }
}
