package org.stockbridge.forecasting.backtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.stockbridge.forecasting.baseline.Croston;
import org.stockbridge.forecasting.baseline.RateForecaster;
import org.stockbridge.forecasting.baseline.SeasonalNaive;
import org.stockbridge.forecasting.baseline.SimpleExponentialSmoothing;
import org.stockbridge.forecasting.baseline.TrailingBurnRate;
import org.stockbridge.forecasting.demand.DemandModel;
import org.stockbridge.forecasting.demand.DemandSeries;
import org.stockbridge.forecasting.demand.DemandTrainer;
import org.stockbridge.forecasting.demand.DemandTrainingSettings;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.driver.HospitalCensus;
import org.stockbridge.forecasting.evusheld.EvusheldBurn;
import org.stockbridge.forecasting.metrics.ClassificationMetrics;
import org.stockbridge.forecasting.metrics.DemandAccuracy;
import org.stockbridge.forecasting.risk.RiskSources;
import org.stockbridge.forecasting.risk.RiskTrainer;
import org.stockbridge.forecasting.simulation.DemoPanel;
import org.stockbridge.forecasting.simulation.DemoStockSimulator;
import org.tribuo.regression.baseline.DummyRegressionTrainer;

/**
 * Runs every backtest and writes the report (the program is {@code org.stockbridge.batch.risk.BacktestMain}, which
 * reads the risk model's files with the ingest's reader). Deterministic: the demo series are regenerated from the demo seed with a fixed end date, every model has a fixed
 * seed and one thread. Also times training and scoring of the demand model on the whole demo panel.
 */
public final class Backtests {

    /** The demo window of the backtest: the default demo settings with a fixed last day. */
    public static final LocalDate DEMO_END = LocalDate.of(2026, 11, 30);
    public static final long SEED = 20_261_201L;
    /** Weekly origins inside the seven weeks of Evusheld snapshots. */
    static final List<LocalDate> EVUSHELD_ORIGINS = List.of(LocalDate.of(2022, 2, 15), LocalDate.of(2022, 2, 22),
            LocalDate.of(2022, 3, 1));
    static final String CENSUS = "hhs-hospital-capacity-state/"
            + "COVID-19_Reported_Patient_Impact_and_Hospital_Capacity_by_State_Timeseries_subset.csv";

    private Backtests() {
    }

    /**
     * Runs every backtest on the files in {@code data} and the demo panel, writes the report and prints its headline.
     *
     * @param riskFiles reads the risk model's sources from the data directory
     */
    public static void run(Path data, Path panelFile, Path report, Function<Path, RiskSources> riskFiles)
            throws IOException {
        long begin = System.currentTimeMillis();
        DemandDriver driver = HospitalCensus.read(data.resolve(CENSUS)).replayedTo(DEMO_END);
        LocalDate start = DEMO_END.minusDays(729);
        DemoStockSimulator simulator = new DemoStockSimulator(SEED, start, 730, driver);
        List<DemandSeries> series = DemoPanel.read(panelFile).series(simulator);
        DemandTrainingSettings settings = DemandTrainingSettings.defaults();
        List<LocalDate> origins = DemandBacktest.monthlyOrigins(start.plusDays(485), DEMO_END.minusDays(90));
        List<RateForecaster> baselines = List.of(new SeasonalNaive(), new TrailingBurnRate(14),
                new SimpleExponentialSmoothing(), Croston.classic(), Croston.tsb());
        DemandBacktest demand = new DemandBacktest(List.of(new DemandTrainer(settings),
                new DemandTrainer(settings, DummyRegressionTrainer.createMeanTrainer(), "tribuo-dummy-mean")),
                baselines);
        log("demand backtest: %d series, origins %s", series.size(), origins);
        DemandBacktest.Result demandResult = demand.run(series, origins, driver);
        Benchmark benchmark = benchmark(series, driver, settings);
        log("Evusheld backtest");
        EvusheldBurn.Read evusheld = EvusheldBurn.read(data.resolve(EvusheldBurn.FILE));
        DemandTrainingSettings evusheldSettings = new DemandTrainingSettings(List.of(7, 14), 200, 4, 0.05, 1, 14, 14,
                1, SEED);
        DemandBacktest evusheldBacktest = new DemandBacktest(List.of(new DemandTrainer(evusheldSettings),
                new DemandTrainer(evusheldSettings, DummyRegressionTrainer.createMeanTrainer(), "tribuo-dummy-mean")),
                baselines);
        DemandBacktest.Result evusheldResult = evusheldBacktest.run(evusheld.series(), EVUSHELD_ORIGINS,
                HospitalCensus.read(data.resolve(CENSUS)).asRecorded());
        log("risk backtest");
        RiskSources sources = riskFiles.apply(data);
        List<RiskBacktest.Result> risk = new ArrayList<>();
        for (int horizon : new int[] {30, 90}) {
            risk.addAll(new RiskBacktest(SEED).run(sources, horizon));
        }
        String rolling;
        try {
            rolling = RiskRollingReport.render(rolling(sources), sources, "benchmarks/backtest.sh");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the risk backtest was interrupted", e);
        }
        String text = RiskRollingReport.splice(BacktestReport.render(demandResult, evusheld, evusheldResult, risk,
                benchmark, sources.description(), (System.currentTimeMillis() - begin) / 1000), rolling);
        write(report, text);
        log("wrote %s in %d s", report, (System.currentTimeMillis() - begin) / 1000);
        System.out.println(BacktestReport.headline(demandResult, risk)
                + BacktestReport.evusheldHeadline(evusheldResult));
    }

    /**
     * XGBoost settings of the rolling risk backtest: the served model's. The system properties
     * {@code risk.ablation-step} and {@code risk.short-step} thin the ablation and 30-day origins (defaults
     * {@value RiskRollingBacktest#ABLATION_STEP} and 1) when the machine is too busy for every fit.
     */
    static RiskRollingBacktest.Result rolling(RiskSources sources) throws InterruptedException {
        return new RiskRollingBacktest(SEED, RiskTrainer.TREES, RiskTrainer.DEPTH, RiskTrainer.ETA,
                RiskTrainer.MIN_CHILD_WEIGHT,
                Integer.getInteger("risk.ablation-step", RiskRollingBacktest.ABLATION_STEP),
                Integer.getInteger("risk.short-step", 1)).run(sources);
    }

    /**
     * Runs the rolling-origin risk backtest alone and rewrites its section of the report (the rest of the report is
     * kept as the last full run wrote it).
     */
    public static void runRisk(Path data, Path report, Function<Path, RiskSources> riskFiles)
            throws IOException, InterruptedException {
        RiskSources sources = riskFiles.apply(data);
        String section = RiskRollingReport.render(rolling(sources), sources, "benchmarks/backtest.sh risk");
        String old = Files.isRegularFile(report) ? Files.readString(report, StandardCharsets.UTF_8) : "";
        write(report, RiskRollingReport.splice(old, section));
        log("wrote the risk section of %s", report);
    }

    private static void write(Path report, String text) throws IOException {
        Path dir = report.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, ".backtest", ".md");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, report, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Training time and scoring throughput of the demand model on the whole panel, as of its last day. */
    record Benchmark(int series, int trainingRows, long trainMillis, int forecasts, long scoreMillis,
                     double seriesPerSecond, long baselineMillis, double baselineSeriesPerSecond) {
    }

    static Benchmark benchmark(List<DemandSeries> series, DemandDriver driver, DemandTrainingSettings settings) {
        long t0 = System.nanoTime();
        DemandModel model = new DemandTrainer(settings).train(series, DEMO_END, driver);
        long train = (System.nanoTime() - t0) / 1_000_000;
        int forecasts = 0;
        long t1 = System.nanoTime();
        for (int h : settings.horizons()) {
            forecasts += model.forecast(series, DEMO_END, h, driver).size();
        }
        long score = Math.max(1, (System.nanoTime() - t1) / 1_000_000);
        SimpleExponentialSmoothing ses = new SimpleExponentialSmoothing();
        long t2 = System.nanoTime();
        double sink = 0;
        for (DemandSeries s : series) {
            for (int h : settings.horizons()) {
                sink += ses.rate(s, s.length() - 1, h);
            }
        }
        long baseline = Math.max(1, (System.nanoTime() - t2) / 1_000_000);
        if (sink < 0) {
            throw new IllegalStateException("negative demand");
        }
        return new Benchmark(series.size(), model.trainingRows(), train, forecasts, score,
                series.size() * 1000.0 / score, baseline, series.size() * 1000.0 / baseline);
    }

    static void log(String format, Object... args) {
        System.err.println("[backtest] " + String.format(Locale.ROOT, format, args));
    }

    static Map<String, DemandAccuracy.Summary> overall(DemandBacktest.Result result) {
        return DemandBacktest.byMethod(result.summaries(), 0);
    }

    static ClassificationMetrics.Summary find(List<ClassificationMetrics.Summary> list, String prefix) {
        return list.stream().filter(s -> s.method().startsWith(prefix)).findFirst().orElseThrow();
    }
}
