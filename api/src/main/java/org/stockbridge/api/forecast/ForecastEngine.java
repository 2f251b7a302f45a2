package org.stockbridge.api.forecast;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.stockbridge.api.persistence.Memo;
import org.stockbridge.api.shortage.ShortageFreshness;
import org.stockbridge.api.web.ApiException;
import org.stockbridge.batch.forecast.ForecastJobSettings;
import org.stockbridge.batch.risk.RiskFiles;
import org.stockbridge.forecasting.demand.DemandModel;
import org.stockbridge.forecasting.demand.DemandTrainer;
import org.stockbridge.forecasting.demand.DemandTrainingSettings;
import org.stockbridge.forecasting.registry.ModelArtifact;
import org.stockbridge.domain.shortage.ShortageSource;
import org.stockbridge.forecasting.registry.ModelCodec;
import org.stockbridge.forecasting.risk.FiledReport;
import org.stockbridge.forecasting.risk.RiskModel;
import org.stockbridge.forecasting.risk.RiskRow;
import org.stockbridge.forecasting.risk.RiskScore;
import org.stockbridge.forecasting.risk.RiskSources;
import org.stockbridge.forecasting.risk.RiskTrainer;
import org.stockbridge.forecasting.stockout.LeadTimes;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Loads what forecasts need as of a day (R2DBC) and runs the models on the bounded forecast scheduler, never on an
 * event-loop thread: the panel ({@link Panel}), the demand and risk models, the risk scores. Models come from the
 * registry: the newest version that saw no data after the as-of day; when none did, one is trained for that day on
 * request and kept in memory only. Panels, models and risk scores are memoised (a few as-of days each), keyed by the
 * newest ledger line, so a new movement is seen at once.
 */
@Service
class ForecastEngine {

    private static final Logger log = LoggerFactory.getLogger(ForecastEngine.class);

    /** A model ready to use, with where it came from. */
    record Loaded<M>(M model, ModelRef ref) {
    }

    private final ForecastRepository repository;
    private final Scheduler scheduler;
    private final ForecastSettings settings;
    private final DemandDrivers drivers;
    private final AsOfComputations computations;
    private final Memo<String, Panel> panels = new Memo<>(3);
    private final Memo<String, Loaded<DemandModel>> demandModels = new Memo<>(4);
    private final Memo<String, Loaded<RiskModel>> riskModels = new Memo<>(6);
    private final Memo<String, List<RiskScore>> riskScores = new Memo<>(6);
    private final Memo<String, RiskSources> sources = new Memo<>(1);

    private final DemandTrainingSettings training;
    private final LeadTimes leadTimes;

    ForecastEngine(ForecastRepository repository, Scheduler forecastScheduler, ForecastSettings settings,
                   DemandDrivers drivers, ForecastJobSettings jobSettings, AsOfComputations computations) {
        this.repository = repository;
        this.computations = computations;
        this.drivers = drivers;
        this.training = jobSettings.demand();
        this.leadTimes = jobSettings.leadTimes();
        this.scheduler = forecastScheduler;
        this.settings = settings;
    }

    /** The as-of day to use: the caller's, capped at the newest ledger day; the newest day by default. */
    Mono<LocalDate> effectiveAsOf(LocalDate requested) {
        return repository.lastDay()
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.UNPROCESSABLE_ENTITY,
                        "forecast-unavailable", "No consumption to forecast from",
                        "the ledger has no movement yet")))
                .map(last -> requested == null || requested.isAfter(last) ? last : requested);
    }

    /** The panel as of the day, built for the service's own work (not counted for a client). */
    Mono<Panel> panel(LocalDate asOf) {
        return panel(asOf, null);
    }

    /** The panel as of the day; building it when no one has counts for the client ({@link AsOfComputations}). */
    Mono<Panel> panel(LocalDate asOf, String client) {
        return repository.ledgerVersion().flatMap(version -> panels.get(asOf + "#" + version, () ->
                computations.counted(client, Mono.zip(
                        repository.pairs(asOf).collectList(), repository.issues(asOf).collectList(),
                        repository.usableLots(asOf).collectList(), repository.policies().collectList(),
                        repository.demoParameters().defaultIfEmpty(""))
                .publishOn(scheduler)
                .map(t -> Panel.assemble(asOf, t.getT1(), t.getT2(), t.getT3(), t.getT4(),
                        drivers.driver(t.getT5()), leadTimes)))));
    }

    /** The demand model for an as-of day: from the registry, else trained for that day on request. */
    Mono<Loaded<DemandModel>> demandModel(Panel panel) {
        return demandModel(panel, null);
    }

    /** {@link #demandModel(Panel)}; training one on request counts for the client ({@link AsOfComputations}). */
    Mono<Loaded<DemandModel>> demandModel(Panel panel, String client) {
        return repository.latest(ModelArtifact.Kind.DEMAND, DemandTrainer.MODEL_NAME, null, panel.asOf())
                .flatMap(stored -> demandModels.get("registry-" + stored.id(), () -> Mono.fromCallable(() ->
                        new Loaded<>(ModelCodec.demandModel(stored.artifact()), ModelRef.of(stored)))
                        .subscribeOn(scheduler)))
                .switchIfEmpty(Mono.defer(() -> demandModels.get("request-" + panel.asOf(), () ->
                        computations.counted(client, Mono.fromCallable(() -> trainDemand(panel))
                                .subscribeOn(scheduler)))));
    }

    private Loaded<DemandModel> trainDemand(Panel panel) {
        log.info("No registered demand model saw only data up to {}: training one for this request", panel.asOf());
        try {
            DemandModel model = new DemandTrainer(training).train(panel.series(),
                    panel.asOf(), panel.driver());
            return new Loaded<>(model, ModelRef.onRequest(model.name(), ModelCodec.summary(model.model()),
                    model.trainingFrom(), model.trainingTo(), model.calibratedTo()));
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "forecast-unavailable",
                    "Not enough history to forecast", e.getMessage());
        }
    }

    Mono<RiskSources> riskSources() {
        return sources.get("sources", () -> Mono.fromCallable(() -> {
            Path data = settings.resolvedDataDirectory();
            try {
                return RiskFiles.read(data);
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "risk-data-unavailable",
                        "Shortage history unavailable", "the shortage risk needs the real files in " + data + ": "
                        + e.getMessage());
            }
        }).subscribeOn(scheduler));
    }

    /** The risk as-of day: the caller's, capped at the day after the last filing in the history. */
    static LocalDate riskAsOf(RiskSources sources, LocalDate requested) {
        LocalDate newest = sources.lastFiled().plusDays(1);
        return requested == null || requested.isAfter(newest) ? newest : requested;
    }

    /** The risk model for the day; training one on request counts for the client ({@link AsOfComputations}). */
    Mono<Loaded<RiskModel>> riskModel(RiskSources sources, LocalDate asOf, int horizon, String client) {
        return repository.latest(ModelArtifact.Kind.RISK, RiskTrainer.XGBOOST, horizon, asOf)
                .flatMap(stored -> riskModels.get("registry-" + stored.id(), () -> Mono.fromCallable(() ->
                        new Loaded<>(ModelCodec.riskModel(stored.artifact()), ModelRef.of(stored)))
                        .subscribeOn(scheduler)))
                .switchIfEmpty(Mono.defer(() -> riskModels.get("request-" + asOf + "-" + horizon, () ->
                        computations.counted(client, Mono.fromCallable(() -> {
                            log.info("No registered {}-day risk model saw only data up to {}: training one", horizon,
                                    asOf);
                            try {
                                RiskModel model = RiskTrainer.served(ForecastConfiguration.SEED, 1)
                                        .train(sources, asOf, horizon);
                                return new Loaded<>(model, ModelRef.onRequest(model.name(),
                                        ModelCodec.summary(model.model()), model.trainingFrom(), model.trainingTo(),
                                        model.calibratedTo()));
                            } catch (IllegalArgumentException e) {
                                throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "forecast-unavailable",
                                        "Not enough shortage history", e.getMessage());
                            }
                        }).subscribeOn(scheduler)))));
    }

    /**
     * Every ingredient's risk score as of the day, with its five strongest drivers; computing them counts for the
     * client ({@link AsOfComputations}; null: not counted).
     */
    Mono<List<RiskScore>> riskScores(RiskSources sources, Loaded<RiskModel> model, LocalDate asOf, String client) {
        return riskScores.get(model.ref().key() + "@" + asOf, () -> computations.counted(client,
                Mono.fromCallable(() -> {
                    List<RiskRow> rows = RiskTrainer.rows(sources, List.of(asOf), model.model().horizonDays(), asOf);
                    return model.model().score(sources, rows, 5);
                }).subscribeOn(scheduler)));
    }

    /**
     * How fresh the sources of the risk scores as of a day are, by the shortage freshness rule
     * ({@link ShortageFreshness#of}): the Drug Shortages Canada reports filed before the day, as far as the model
     * read them (the newest filing, the newest last update known then, how many). That history is the only shortage
     * source the served model reads: the openFDA file feeds only the backtest's leakage ablation
     * ({@code RiskFeatures.LEAKY}), so it is not named.
     */
    static ShortageFreshness freshness(RiskSources sources, LocalDate day) {
        LocalDate filed = null;
        LocalDate updated = null;
        long reports = 0;
        for (FiledReport r : sources.reports()) {
            if (!r.filed().isBefore(day)) {
                continue;
            }
            reports++;
            filed = filed == null || r.filed().isAfter(filed) ? r.filed() : filed;
            if (r.updated() != null && r.updated().isBefore(day) && (updated == null || r.updated().isAfter(updated))) {
                updated = r.updated();
            }
        }
        return ShortageFreshness.of(reports == 0 ? Map.of()
                : Map.of(ShortageSource.DSC, new ShortageFreshness.Dates(filed, updated, null, reports)));
    }

    /**
     * The 90-day supply risk of each ATC code (the highest among the ingredients carrying it) and how fresh its
     * sources are.
     *
     * @param byAtc     the risk by ATC code; empty when no risk model was used (no discount)
     * @param freshness how fresh the sources of those scores are; null when no risk model was used
     */
    record SupplyRisks(Map<String, Double> byAtc, ShortageFreshness freshness) {

        static final SupplyRisks NONE = new SupplyRisks(Map.of(), null);
    }

    /**
     * The 90-day supply risk of each ATC code (the highest among the ingredients carrying it), from the newest
     * registered 90-day risk model that saw no data after the day; empty (no discount) when none is registered, so a
     * forecast never waits for a risk model to be trained.
     */
    Mono<Map<String, Double>> riskByAtc(LocalDate asOf) {
        return supplyRisks(asOf).map(SupplyRisks::byAtc);
    }

    /** {@link #riskByAtc}, with how fresh the sources of its scores are. */
    Mono<SupplyRisks> supplyRisks(LocalDate asOf) {
        return repository.latest(ModelArtifact.Kind.RISK, RiskTrainer.XGBOOST, 90, asOf)
                .flatMap(stored -> riskSources().flatMap(s -> {
                    LocalDate day = riskAsOf(s, asOf);
                    return riskModels.get("registry-" + stored.id(), () -> Mono.fromCallable(() ->
                                    new Loaded<>(ModelCodec.riskModel(stored.artifact()), ModelRef.of(stored)))
                                    .subscribeOn(scheduler))
                            .flatMap(m -> riskScores(s, m, day, null)).map(scores -> {
                                Map<String, Double> out = new HashMap<>();
                                for (RiskScore r : scores) {
                                    if (r.atc() != null) {
                                        out.merge(r.atc(), r.probability(), Math::max);
                                    }
                                }
                                return new SupplyRisks(out, freshness(s, day));
                            });
                }))
                .onErrorResume(ApiException.class, e -> Mono.just(SupplyRisks.NONE))
                .defaultIfEmpty(SupplyRisks.NONE);
    }
}
