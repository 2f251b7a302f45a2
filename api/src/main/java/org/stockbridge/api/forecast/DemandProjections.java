package org.stockbridge.api.forecast;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.stockbridge.api.shortage.ShortageFreshness;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.forecasting.demand.DemandForecast;
import org.stockbridge.forecasting.demand.DemandModel;
import org.stockbridge.forecasting.risk.SupplyRisk;
import org.stockbridge.forecasting.stockout.ProjectionSettings;
import org.stockbridge.forecasting.stockout.StockoutProjector;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The projected demand and stockout of every (site, product) with consumption history, at a demand quantile over a
 * horizon, as other features use them (transfer recommendations): the same models and projection as
 * {@code GET /forecasts/shortfalls}, run on the forecast scheduler.
 */
@Service
public class DemandProjections {

    private final ForecastEngine engine;
    private final Scheduler scheduler;
    private final StockoutProjector projector = new StockoutProjector();

    DemandProjections(ForecastEngine engine, Scheduler forecastScheduler) {
        this.engine = engine;
        this.scheduler = forecastScheduler;
    }

    /**
     * The projections of one as-of day, the model that made them, and how fresh the sources of the supply risk that
     * discounted their inbound stock are (null when no risk model was used: no discount).
     */
    public record Projections(LocalDate asOf, String model, List<Pair> pairs,
                              ShortageFreshness supplyRiskFreshness) {
        public Projections {
            pairs = List.copyOf(pairs);
        }
    }

    /**
     * One (site, product): usable stock, demand over the horizon at the quantile, the shortfall at that quantile
     * (units a transfer must bring) and the day stock runs out at that quantile (null when it does not); projected at
     * that quantile alone (the stockout probability over demand levels, which a plan does not read, is not computed).
     */
    public record Pair(long siteId, long productId, String site, String product, long usable, double demandAtQuantile,
                       double shortfall, LocalDate stockoutDate) {
    }

    /**
     * Projects every pair as of the newest ledger day.
     *
     * @param multipliers demand multipliers by site code (a what-if surge); 1 for a site not named
     */
    public Mono<Projections> project(double quantile, int horizon, Map<String, Double> multipliers) {
        return engine.effectiveAsOf(null).flatMap(engine::panel).flatMap(panel ->
                Mono.zip(engine.demandModel(panel), engine.supplyRisks(panel.asOf())).publishOn(scheduler).map(t -> {
                    DemandModel model = t.getT1().model();
                    if (!model.horizons().contains(horizon)) {
                        throw new InvalidRequestException("horizonDays", "horizonDays must be one of "
                                + model.horizons() + ", was " + horizon);
                    }
                    List<Pair> out = new ArrayList<>();
                    Map<String, ForecastRepository.PairRow> rows = new java.util.HashMap<>();
                    for (ForecastRepository.PairRow p : panel.pairs()) {
                        rows.put(p.site() + "/" + p.product(), p);
                    }
                    for (DemandForecast f : model.forecast(panel.signals(), panel.series(), panel.asOf(), horizon)) {
                        String key = f.key().site() + "/" + f.key().product();
                        ForecastRepository.PairRow p = rows.get(key);
                        double risk = SupplyRisk.of(t.getT2().byAtc(), p.atc());
                        ProjectionSettings settings = ProjectionSettings.defaults().withQuantile(quantile)
                                .withSupplyRisk(risk).withWhatIf(multipliers.getOrDefault(p.site(), 1.0), 0);
                        StockoutProjector.AtQuantile s = projector.projectAtQuantile(panel.positions().get(key), f,
                                settings);
                        out.add(new Pair(p.siteId(), p.productId(), p.site(), p.product(), (long) s.usable(),
                                s.demandAtQuantile(), s.shortfall(), s.stockoutDate()));
                    }
                    String name = t.getT1().ref().name() + (t.getT1().ref().version() == null
                            ? " (trained on request)" : " v" + t.getT1().ref().version());
                    return new Projections(panel.asOf(), name, out, t.getT2().freshness());
                }));
    }
}
