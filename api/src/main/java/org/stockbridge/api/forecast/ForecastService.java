package org.stockbridge.api.forecast;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.stockbridge.api.shortage.ShortageFreshness;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.api.web.InvalidRequestException;
import org.stockbridge.api.web.NotFoundException;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.forecasting.demand.DemandForecast;
import org.stockbridge.forecasting.demand.DemandModel;
import org.stockbridge.forecasting.demand.DemandSeries;
import org.stockbridge.forecasting.risk.FiledReport;
import org.stockbridge.forecasting.risk.RiskScore;
import org.stockbridge.forecasting.risk.SupplyRisk;
import org.stockbridge.forecasting.stockout.ProjectionSettings;
import org.stockbridge.forecasting.stockout.StockPosition;
import org.stockbridge.forecasting.stockout.StockoutProjection;
import org.stockbridge.forecasting.stockout.StockoutProjector;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Forecasts, shortfalls and risk as of a day, with what-if parameters that are applied and never stored. */
@Service
class ForecastService {

    private final ForecastEngine engine;
    private final ForecastRepository repository;
    private final Scheduler scheduler;
    private final StockoutProjector projector = new StockoutProjector();

    ForecastService(ForecastEngine engine, ForecastRepository repository, Scheduler forecastScheduler) {
        this.engine = engine;
        this.repository = repository;
        this.scheduler = forecastScheduler;
    }

    /** Filters of the ranked shortfalls. */
    record ShortfallFilter(Jurisdiction jurisdiction, ProductKind kind, int horizon, double minProbability) {
    }

    /** One forecast; what has to be computed for it (not memoised yet) counts for the client. */
    Mono<ForecastViews.SiteForecast> forecast(String site, String product, int horizon, LocalDate asOf,
                                              ForecastViews.WhatIf whatIf, String client) {
        return engine.effectiveAsOf(asOf).flatMap(day -> engine.panel(day, client)).flatMap(panel -> {
            int index = panel.indexOf(site, product);
            if (index < 0) {
                return repository.productExists(product).flatMap(known -> Mono.<ForecastViews.SiteForecast>error(known
                        ? new NotFoundException("no consumption history for site " + site + " and product " + product
                                + " up to " + panel.asOf())
                        : new NotFoundException("no product with code " + product)));
            }
            return Mono.zip(engine.demandModel(panel, client), engine.supplyRisks(panel.asOf()))
                    .publishOn(scheduler).map(t -> {
                        DemandModel model = t.getT1().model();
                        requireHorizon(model, horizon);
                        DemandSeries series = panel.series().get(index);
                        DemandForecast f = model.forecast(panel.signals(), List.of(series), panel.asOf(), horizon)
                                .stream().findFirst().orElseThrow(() -> new ApiException(
                                        HttpStatus.UNPROCESSABLE_ENTITY, "forecast-unavailable",
                                        "Not enough history to forecast", "site " + site + " and product " + product
                                                + " have less than a week of history by " + panel.asOf()));
                        double risk = SupplyRisk.of(t.getT2().byAtc(), panel.pairs().get(index).atc());
                        StockPosition position = panel.positions().get(site + "/" + product);
                        StockoutProjection p = projector.project(position, f, settings(risk, whatIf));
                        DemandForecast shown = f.scaled(whatIf.demandMultiplier());
                        return new ForecastViews.SiteForecast(site, product, panel.asOf(), horizon, demand(shown),
                                position.usable(), risk, projection(p), whatIf, t.getT1().ref(),
                                t.getT2().freshness());
                    });
        });
    }

    /** The ranked shortfalls, and how fresh the sources of their supply risk are (null when none was used). */
    record Shortfalls(List<ForecastViews.Shortfall> shortfalls, ShortageFreshness supplyRiskFreshness) {
    }

    Mono<Shortfalls> shortfalls(ShortfallFilter filter, LocalDate asOf, ForecastViews.WhatIf whatIf, String client) {
        return engine.effectiveAsOf(asOf).flatMap(day -> engine.panel(day, client)).flatMap(panel ->
                Mono.zip(engine.demandModel(panel, client), engine.supplyRisks(panel.asOf())).publishOn(scheduler)
                        .map(t -> rank(panel, t.getT1(), t.getT2(), filter, whatIf)));
    }

    /** The shortfalls of the filtered pairs of a panel, most likely first. */
    private Shortfalls rank(Panel panel, ForecastEngine.Loaded<DemandModel> loaded, ForecastEngine.SupplyRisks risks,
                            ShortfallFilter filter, ForecastViews.WhatIf whatIf) {
        DemandModel model = loaded.model();
        requireHorizon(model, filter.horizon());
        List<DemandSeries> chosen = new ArrayList<>();
        Map<String, ForecastRepository.PairRow> pairs = new LinkedHashMap<>();
        for (int i = 0; i < panel.pairs().size(); i++) {
            ForecastRepository.PairRow p = panel.pairs().get(i);
            if ((filter.jurisdiction() == null || filter.jurisdiction().name().equals(p.jurisdiction()))
                    && (filter.kind() == null || filter.kind().name().equals(p.productKind()))) {
                chosen.add(panel.series().get(i));
                pairs.put(p.site() + "/" + p.product(), p);
            }
        }
        String modelName = loaded.ref().name() + (loaded.ref().version() == null
                ? " (trained on request)" : " v" + loaded.ref().version());
        List<ForecastViews.Shortfall> out = new ArrayList<>();
        for (DemandForecast f : model.forecast(panel.signals(), chosen, panel.asOf(), filter.horizon())) {
            String key = f.key().site() + "/" + f.key().product();
            ForecastRepository.PairRow p = pairs.get(key);
            double risk = SupplyRisk.of(risks.byAtc(), p.atc());
            StockoutProjection s = projector.project(panel.positions().get(key), f, settings(risk, whatIf));
            if (s.stockoutProbability() < filter.minProbability() || s.stockoutProbability() <= 0) {
                continue;
            }
            out.add(new ForecastViews.Shortfall(p.site(), p.siteName(), p.jurisdiction(), p.region(),
                    p.product(), p.productName(), p.productKind(), panel.asOf(), filter.horizon(),
                    (long) s.usable(), s.demandP50(), s.demandAtQuantile(), s.stockoutProbability(),
                    s.expectedStockoutDate(), s.stockoutDateAtQuantile(), s.shortfallP50(), s.shortfall(),
                    risk, modelName));
        }
        out.sort(Comparator.comparingDouble(ForecastViews.Shortfall::stockoutProbability).reversed()
                .thenComparing(Comparator.comparingDouble(ForecastViews.Shortfall::shortfallP90)
                        .reversed())
                .thenComparing(ForecastViews.Shortfall::site)
                .thenComparing(ForecastViews.Shortfall::product));
        return new Shortfalls(out, risks.freshness());
    }

    /** The shortage risk ranking as of a day, highest first, and how fresh the sources it was computed from are. */
    record RiskRanking(List<ForecastViews.Risk> risks, ShortageFreshness freshness) {
    }

    /**
     * The ranking of every ingredient's risk as of a day; {@code reportedBefore} true keeps only the ingredients with a
     * report filed before it (the population the backtest's targets are measured on), false only the others, null
     * every one.
     */
    Mono<RiskRanking> risk(int horizon, LocalDate asOf, String ingredient, String atc, Boolean reportedBefore,
                           String client) {
        LocalDate earliest = org.stockbridge.forecasting.risk.RiskTrainer.FIRST_ORIGIN.plusYears(1);
        if (asOf != null && asOf.isBefore(earliest)) {
            return Mono.error(new InvalidRequestException("asOf", "asOf must be on or after " + earliest
                    + ": the shortage history starts in 2017-03 and the model needs a year to train and one to "
                    + "calibrate"));
        }
        return engine.riskSources().flatMap(sources -> {
            LocalDate day = ForecastEngine.riskAsOf(sources, asOf);
            return engine.riskModel(sources, day, horizon, client).flatMap(model -> engine.riskScores(sources, model,
                            day, client)
                    .map(scores -> {
                        String version = model.ref().name() + (model.ref().version() == null ? " (trained on request)"
                                : " v" + model.ref().version());
                        String wanted = ingredient == null ? null : ingredient.toUpperCase(Locale.ROOT);
                        List<ForecastViews.Risk> out = new ArrayList<>();
                        for (RiskScore r : scores) {
                            if (wanted != null && !r.ingredient().equals(wanted)
                                    && !List.of(r.ingredient().split(" \\+ ")).contains(wanted)) {
                                continue;
                            }
                            if (atc != null && (r.atc() == null || !r.atc().startsWith(atc))) {
                                continue;
                            }
                            List<LocalDate> before = sources.reports(r.ingredient()).stream()
                                    .map(FiledReport::filed).filter(d -> d.isBefore(day)).toList();
                            if (reportedBefore != null && reportedBefore == before.isEmpty()) {
                                continue;
                            }
                            out.add(new ForecastViews.Risk(r.ingredient(), r.atc(), r.asOf(), r.horizonDays(),
                                    r.probability(), r.drivers().stream().map(ForecastViews.Driver::of).toList(),
                                    version, before.size(),
                                    before.stream().max(Comparator.naturalOrder()).orElse(null)));
                        }
                        out.sort(Comparator.comparingDouble(ForecastViews.Risk::probability).reversed()
                                .thenComparing(ForecastViews.Risk::ingredient));
                        return new RiskRanking(out, ForecastEngine.freshness(sources, day));
                    }));
        });
    }

    private static void requireHorizon(DemandModel model, int horizon) {
        if (!model.horizons().contains(horizon)) {
            throw new InvalidRequestException("horizon", "horizon must be one of " + model.horizons()
                    + " days, was " + horizon);
        }
    }

    private static ProjectionSettings settings(double risk, ForecastViews.WhatIf whatIf) {
        return ProjectionSettings.defaults().withSupplyRisk(risk).withWhatIf(whatIf.demandMultiplier(),
                whatIf.leadTimeDelayDays());
    }

    private static ForecastViews.Demand demand(DemandForecast f) {
        Map<String, Double> q = new LinkedHashMap<>();
        double[] totals = f.totals();
        for (int i = 0; i < DemandForecast.LEVELS.length; i++) {
            q.put(String.format(Locale.ROOT, "p%02d", Math.round(DemandForecast.LEVELS[i] * 100)), totals[i]);
        }
        return new ForecastViews.Demand(f.expected(), f.p10(), f.p50(), f.p90(), q);
    }

    private static ForecastViews.Projection projection(StockoutProjection p) {
        Map<String, Double> interval = new LinkedHashMap<>();
        interval.put("p10", p.shortfallP10());
        interval.put("p50", p.shortfallP50());
        interval.put("p90", p.shortfallP90());
        List<ForecastViews.PathDay> path = p.path().stream()
                .map(d -> new ForecastViews.PathDay(d.date(), d.onHandP50(), d.onHandAtQuantile())).toList();
        return new ForecastViews.Projection(p.quantile(), p.stockoutProbability(), p.expectedStockoutDate(),
                p.stockoutDateAtQuantile(), p.shortfall(), interval, p.expiring(), p.expectedInbound(), path);
    }
}
