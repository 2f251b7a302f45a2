package org.stockbridge.batch.risk;

import java.io.IOException;
import java.nio.file.Path;
import org.stockbridge.forecasting.backtest.Backtests;

/**
 * Runs every forecasting backtest and writes the report: {@code BacktestMain [data-directory] [panel.csv]
 * [report.md]} (defaults {@code data/real}, {@code benchmarks/demo-panel.csv}, {@code docs/forecasting-backtest.md});
 * or {@code BacktestMain risk [data-directory] [report.md]}: the rolling-origin risk backtest alone, rewriting only
 * its section of the report.
 * The risk model's files are read by {@link RiskFiles}, as the service and the forecast job read them.
 */
public final class BacktestMain {

    private BacktestMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length > 0 && args[0].equals("risk")) {
            Backtests.runRisk(Path.of(args.length > 1 ? args[1] : "data/real"),
                    Path.of(args.length > 2 ? args[2] : "docs/forecasting-backtest.md"), RiskFiles::read);
            return;
        }
        Backtests.run(Path.of(args.length > 0 ? args[0] : "data/real"),
                Path.of(args.length > 1 ? args[1] : "benchmarks/demo-panel.csv"),
                Path.of(args.length > 2 ? args[2] : "docs/forecasting-backtest.md"), RiskFiles::read);
    }
}
