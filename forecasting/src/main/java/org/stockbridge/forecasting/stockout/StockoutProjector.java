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
 * first-expiry-first-out; demand that finds no stock is a shortfall. A site with a reorder policy orders up to its
 * maximum when on hand plus on order falls to its reorder point; the order arrives after the lead time plus the
 * what-if delay, discounted by the supply risk like any inbound stock. Demand on a day is the forecast total at a
 * quantile spread evenly over the horizon. The stockout probability is the share of demand quantile levels at which
 * demand goes unmet.
 *
 * <p>This is the public entry point other modules (the transfer recommender) call: records in, a record out, no
 * state.
 */
public final class StockoutProjector {

    /** Demand quantile levels the stockout probability is counted over (a resolution of 2%). */
    static final int GRID = 50;

    /** Projects the position against the forecast. */
    public StockoutProjection project(StockPosition position, DemandForecast forecast, ProjectionSettings settings) {
        Objects.requireNonNull(position, "position must not be null");
        Objects.requireNonNull(forecast, "forecast must not be null");
        Objects.requireNonNull(settings, "settings must not be null");
        DemandForecast demand = forecast.scaled(settings.demandMultiplier());
        List<Stock> inbound = inbound(position, settings);
        Run median = run(position, inbound, demand.quantile(0.5), demand.horizon(), settings);
        Run pessimistic = run(position, inbound, demand.quantile(settings.quantile()), demand.horizon(), settings);
        double p10 = run(position, inbound, demand.quantile(0.1), demand.horizon(), settings).shortfall;
        double p90 = run(position, inbound, demand.quantile(0.9), demand.horizon(), settings).shortfall;
        List<StockoutProjection.Day> path = new ArrayList<>();
        for (int d = 0; d < demand.horizon(); d++) {
            path.add(new StockoutProjection.Day(position.asOf().plusDays(d + 1L), median.onHand[d],
                    pessimistic.onHand[d]));
        }
        double expectedInbound = inbound.stream().mapToDouble(s -> s.quantity).sum() + median.ordered;
        return new StockoutProjection(position.site(), position.product(), position.asOf(), demand.horizon(),
                settings.quantile(), path, probability(position, inbound, demand, settings),
                median.stockoutDate(position),
                pessimistic.stockoutDate(position), pessimistic.shortfall, p10, median.shortfall, p90,
                median.expired, position.usable(), expectedInbound, demand.quantile(0.5),
                demand.quantile(settings.quantile()));
    }

    /**
     * The projection at the settings' demand quantile alone: the same usable stock, demand, shortfall and stockout day
     * at the quantile as {@link #project} gives, from its one run at that quantile, without the median path, the
     * 10%/90% shortfalls and the {@value #GRID}-level stockout probability (55 runs of the horizon in all), which a
     * caller needing only the shortfall (a national transfer plan over every pair) does not read.
     */
    public AtQuantile projectAtQuantile(StockPosition position, DemandForecast forecast, ProjectionSettings settings) {
        Objects.requireNonNull(position, "position must not be null");
        Objects.requireNonNull(forecast, "forecast must not be null");
        Objects.requireNonNull(settings, "settings must not be null");
        DemandForecast demand = forecast.scaled(settings.demandMultiplier());
        double atQuantile = demand.quantile(settings.quantile());
        Run pessimistic = run(position, inbound(position, settings), atQuantile, demand.horizon(), settings);
        return new AtQuantile(position.usable(), atQuantile, pessimistic.shortfall,
                pessimistic.stockoutDate(position));
    }

    /**
     * A projection at one demand quantile: {@code stockoutDate} is the first day short at that quantile, null when it
     * never is.
     */
    public record AtQuantile(double usable, double demandAtQuantile, double shortfall, LocalDate stockoutDate) {
    }

    /**
     * The share of demand outcomes that go unmet: the projection is run at demand quantile levels 1%, 3%, …, 99% and
     * the probability is the share of them with a shortfall. With a reorder policy more demand can bring an order
     * forward, so shortfall need not grow with demand; counting levels does not assume it does.
     */
    private double probability(StockPosition position, List<Stock> inbound, DemandForecast demand,
                               ProjectionSettings settings) {
        int unmet = 0;
        for (int i = 0; i < GRID; i++) {
            double level = (i + 0.5) / GRID;
            if (run(position, inbound, demand.quantile(level), demand.horizon(), settings).shortfall > 0) {
                unmet++;
            }
        }
        return (double) unmet / GRID;
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
        boolean ordered;
        double full;

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
        double ordered;
        int firstShortDay = -1;

        LocalDate stockoutDate(StockPosition position) {
            return firstShortDay < 0 ? null : position.asOf().plusDays(firstShortDay + 1L);
        }
    }

    private static Run run(StockPosition position, List<Stock> inbound, double total, int horizon,
                           ProjectionSettings settings) {
        Replenishment policy = position.replenishment();
        double keep = 1 - settings.supplyRisk() * settings.disruptionLoss();
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
            if (policy != null) {
                double onOrder = coming.stream().mapToDouble(s -> s.ordered ? s.full : s.quantity).sum();
                if (run.onHand[d] + onOrder <= policy.reorderPoint()) {
                    double quantity = policy.maxStock() - run.onHand[d] - onOrder;
                    if (quantity > 0) {
                        Stock order = new Stock(day.plusDays(policy.leadTimeDays() + settings.leadTimeDelayDays()),
                                LocalDate.MAX, quantity * keep);
                        order.ordered = true;
                        order.full = quantity;
                        coming.add(order);
                        if (!order.arrival.isAfter(position.asOf().plusDays(horizon))) {
                            run.ordered += order.quantity;
                        }
                    }
                }
            }
        }
        return run;
    }
}
