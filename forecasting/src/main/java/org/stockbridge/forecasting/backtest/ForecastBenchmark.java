package org.stockbridge.forecasting.backtest;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.stockbridge.forecasting.demand.DemandSeries;
import org.stockbridge.forecasting.demand.DemandTrainingSettings;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.driver.HospitalCensus;
import org.stockbridge.forecasting.simulation.DemoPanel;
import org.stockbridge.forecasting.simulation.DemoStockSimulator;

/**
 * Times the demand model on all demo pairs: training as of the last day, then scoring every series at every horizon,
 * against exponential smoothing over the same series in the same run. {@code ForecastBenchmark [data] [panel.csv]
 * [rounds]}; the first round warms the JVM up and is not counted.
 */
public final class ForecastBenchmark {

    private ForecastBenchmark() {
    }

    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "data/real");
        Path panel = Path.of(args.length > 1 ? args[1] : "benchmarks/demo-panel.csv");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        DemandDriver driver = HospitalCensus.read(data.resolve(Backtests.CENSUS)).replayedTo(Backtests.DEMO_END);
        LocalDate start = Backtests.DEMO_END.minusDays(729);
        List<DemandSeries> series = DemoPanel.read(panel).series(new DemoStockSimulator(Backtests.SEED, start, 730,
                driver));
        System.out.println("round,series,training_rows,train_ms,forecasts,score_ms,series_per_s,"
                + "baseline_ms,baseline_series_per_s,ratio");
        for (int round = 0; round <= rounds; round++) {
            Backtests.Benchmark b = Backtests.benchmark(series, driver, DemandTrainingSettings.defaults());
            System.out.println(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%.0f,%d,%.0f,%.3f",
                    round == 0 ? "warm-up" : String.valueOf(round), b.series(), b.trainingRows(), b.trainMillis(),
                    b.forecasts(), b.scoreMillis(), b.seriesPerSecond(), b.baselineMillis(),
                    b.baselineSeriesPerSecond(), b.seriesPerSecond() / b.baselineSeriesPerSecond()));
        }
    }
}
