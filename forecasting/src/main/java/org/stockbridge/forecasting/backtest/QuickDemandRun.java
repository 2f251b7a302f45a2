package org.stockbridge.forecasting.backtest;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.stockbridge.forecasting.baseline.Croston;
import org.stockbridge.forecasting.baseline.SeasonalNaive;
import org.stockbridge.forecasting.baseline.SimpleExponentialSmoothing;
import org.stockbridge.forecasting.baseline.TrailingBurnRate;
import org.stockbridge.forecasting.demand.DemandSeries;
import org.stockbridge.forecasting.demand.DemandTrainer;
import org.stockbridge.forecasting.demand.DemandTrainingSettings;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.driver.HospitalCensus;
import org.stockbridge.forecasting.metrics.DemandAccuracy;
import org.stockbridge.forecasting.simulation.DemoPanel;
import org.stockbridge.forecasting.simulation.DemoStockSimulator;
import org.tribuo.regression.baseline.DummyRegressionTrainer;

final class QuickDemandRun {
    public static void main(String[] args) {
        LocalDate end = LocalDate.parse("2026-11-30");
        HospitalCensus census = HospitalCensus.read(Path.of("data/real/hhs-hospital-capacity-state/COVID-19_Reported_Patient_Impact_and_Hospital_Capacity_by_State_Timeseries_subset.csv"));
        DemandDriver driver = census.replayedTo(end);
        DemoStockSimulator sim = new DemoStockSimulator(20_261_201L, end.minusDays(729), 730, driver);
        List<DemandSeries> series = DemoPanel.read(Path.of("benchmarks/demo-panel.csv")).series(sim);
        DemandTrainingSettings s = DemandTrainingSettings.defaults();
        List<LocalDate> origins = DemandBacktest.monthlyOrigins(end.minusDays(729).plusDays(Integer.parseInt(args[0])), end.minusDays(91));
        System.out.println(origins);
        DemandBacktest b = new DemandBacktest(List.of(new DemandTrainer(s),
                new DemandTrainer(s, DummyRegressionTrainer.createMeanTrainer(), "tribuo dummy (mean)")),
                List.of(new SeasonalNaive(), new TrailingBurnRate(14), new SimpleExponentialSmoothing(), Croston.classic(), Croston.tsb()));
        long t = System.currentTimeMillis();
        DemandBacktest.Result r = b.run(series, origins, driver);
        for (DemandAccuracy.Summary x : r.summaries()) System.out.println(x);
        for (var f : r.folds()) System.out.println(f);
        System.out.println((System.currentTimeMillis() - t) + " ms");
    }
}
